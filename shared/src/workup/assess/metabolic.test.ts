import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';

const adult: PatientContext = { sex: 'female', birthDate: '1960-01-01' };
const run = (answers: Answers) => assess(answers, adult, '2026-06-01');
const diabetic = (answers: Answers) => run(answers).findings.some((f) => f.code === 'diabetes');

describe('diabetes (ADA)', () => {
  it.each([
    [{ 'lab.hba1c': 6.4 }, false],
    [{ 'lab.hba1c': 6.499 }, false],
    [{ 'lab.hba1c': 6.5 }, true],
    [{ 'lab.hba1c': 47 / 10.929 + 2.15 }, false], // 47 mmol/mol = 6.45 %
    [{ 'lab.glucoseFasting': 125.9 }, false],
    [{ 'lab.glucoseFasting': 126 }, true],
    [{ 'lab.hba1c': 5.5, 'lab.glucoseFasting': 130 }, true],
    [{ comorbidities: ['diabetes'] }, true],
    [{ comorbidities: ['ckd'] }, false],
  ])('%j → %s', (answers, expected) => {
    expect(diabetic(answers)).toBe(expected);
  });

  it('a single result says it needs confirming unless diabetes is known', () => {
    const single = run({ 'lab.hba1c': 7 }).findings.find((f) => f.code === 'diabetes');
    expect(single?.text).toContain('confirming');
    expect(single?.suggestions.map((s) => s.id)).toEqual([
      'metabolic.confirm-diabetes',
      'referral.diabetes',
      'metabolic.glycaemic-control',
    ]);
    const known = run({ 'lab.hba1c': 7, comorbidities: ['diabetes'] }).findings.find(
      (f) => f.code === 'diabetes',
    );
    expect(known?.text).not.toContain('confirming');
    expect(known?.suggestions.map((s) => s.id)).toEqual(['metabolic.glycaemic-control']);
  });

  it('pending until HbA1c or fasting glucose is given', () => {
    expect(run({}).pending).toEqual(expect.arrayContaining(['lab.hba1c', 'lab.glucoseFasting']));
    expect(run({ 'lab.hba1c': 5.2 }).pending).not.toContain('lab.hba1c');
  });
});
