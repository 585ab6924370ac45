import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';

const adult: PatientContext = { sex: 'male', birthDate: '1950-01-01' };
const run = (answers: Answers) => assess(answers, adult, '2026-06-01');
const renal = (answers: Answers) =>
  run(answers)
    .findings.map((f) => f.code)
    .filter((c) => c === 'ckd' || c === 'esrd');

describe('kidney (KDIGO)', () => {
  it.each([
    [14.9, ['ckd', 'esrd']],
    [15, ['ckd']],
    [59.9, ['ckd']],
    [60, []],
    [90, []],
  ])('eGFR %d → %j', (egfr, expected) => {
    expect(renal({ 'lab.egfr': egfr, comorbidities: [] })).toEqual(expected);
  });

  it('comorbidity ckd → ckd; dialysis → ckd and esrd, whatever the eGFR', () => {
    expect(renal({ comorbidities: ['ckd'], 'lab.egfr': 75 })).toEqual(['ckd']);
    expect(renal({ comorbidities: ['dialysis'] })).toEqual(['ckd', 'esrd']);
  });

  it('a single low eGFR says it needs confirming over 3 months', () => {
    const f = run({ 'lab.egfr': 45 }).findings.find((x) => x.code === 'ckd');
    expect(f?.text).toContain('confirming over 3 months');
    expect(f?.evidence).toEqual([expect.objectContaining({ code: 'lab.egfr', value: 45 })]);
    expect(f?.suggestions.map((s) => s.id)).toContain('renal.dose-adjust');
  });

  it('eGFR missing → pending', () => {
    expect(run({ comorbidities: [] }).pending).toContain('lab.egfr');
    expect(run({ comorbidities: ['ckd'] }).pending).not.toContain('lab.egfr');
  });

  it('ESRD suggests vitamin C (AASM-2024, conditional)', () => {
    const f = run({ comorbidities: ['dialysis'] }).findings.find((x) => x.code === 'esrd');
    expect(f?.suggestions[0]).toMatchObject({
      id: 'renal.esrd-vitamin-c',
      strength: 'Conditional for (low certainty)',
    });
  });
});
