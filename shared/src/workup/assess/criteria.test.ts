import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';
import { irlsBand } from './criteria';

const adult: PatientContext = { sex: 'female', birthDate: '1980-01-01' };
const run = (answers: Answers, patient = adult) => assess(answers, patient, '2026-06-01');
const codes = (answers: Answers, patient = adult) => run(answers, patient).findings.map((f) => f.code);

const allMet: Answers = {
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
};

describe('IRLSSG criteria (IRLSSG-2014)', () => {
  it('all five true → rls.criteria-met', () => {
    expect(codes(allMet)).toContain('rls.criteria-met');
    expect(codes(allMet)).not.toContain('rls.criteria-not-met');
  });

  it.each(Object.keys(allMet))('%s false → rls.criteria-not-met, naming it as evidence', (code) => {
    const a = run({ ...allMet, [code]: false });
    const f = a.findings.find((x) => x.code === 'rls.criteria-not-met');
    expect(f?.evidence).toEqual([expect.objectContaining({ code, value: false })]);
    expect(a.findings.map((x) => x.code)).not.toContain('rls.criteria-met');
  });

  it('one false is enough even while others are unanswered', () => {
    expect(codes({ 'criteria.rest': false })).toContain('rls.criteria-not-met');
  });

  it('unanswered criteria without a false one → neither finding, criteria pending', () => {
    const partial: Answers = { ...allMet };
    delete partial['criteria.notMimic'];
    const a = run(partial);
    expect(a.findings.map((f) => f.code).filter((c) => c.startsWith('rls.'))).toEqual([]);
    expect(a.pending).toContain('criteria.notMimic');
    expect(a.pendingByStage.history).toContainEqual(
      expect.objectContaining({ code: 'rls.criteria-met', waitingFor: ['criteria.notMimic'] }),
    );
  });
});

describe('IRLS bands', () => {
  it.each([
    [0, null],
    [1, 'irls.mild'],
    [10, 'irls.mild'],
    [11, 'irls.moderate'],
    [20, 'irls.moderate'],
    [21, 'irls.severe'],
    [30, 'irls.severe'],
    [31, 'irls.very-severe'],
    [40, 'irls.very-severe'],
  ])('irls.total %d → %s', (total, expected) => {
    const found = codes({ 'irls.total': total }).filter((c) => c.startsWith('irls.'));
    expect(found).toEqual(expected ? [expected] : []);
  });

  it.each([
    [0, 'none'],
    [1, 'mild'],
    [10, 'mild'],
    [11, 'moderate'],
    [20, 'moderate'],
    [21, 'severe'],
    [30, 'severe'],
    [31, 'very-severe'],
    [40, 'very-severe'],
  ])('irlsBand(%d) = %s', (total, band) => {
    expect(irlsBand(total)).toBe(band);
  });

  it('irls.total unanswered → pending', () => {
    expect(run({}).pending).toContain('irls.total');
    expect(run({ 'irls.total': 0 }).pending).not.toContain('irls.total');
  });
});

describe('α2δ ligand suggestions (AASM-2024: criteria met, moderate or worse)', () => {
  const ids = (answers: Answers, patient = adult) =>
    run(answers, patient)
      .findings.filter((f) => f.cause === 'severity')
      .flatMap((f) => f.suggestions.map((s) => s.id));

  it('suggested from IRLS 11 with criteria met, not at 10, not without criteria', () => {
    expect(ids({ ...allMet, 'irls.total': 11 })).toEqual(
      expect.arrayContaining(['rls.gabapentin-enacarbil', 'rls.gabapentin', 'rls.pregabalin']),
    );
    expect(ids({ ...allMet, 'irls.total': 10 })).toEqual([]);
    expect(ids({ ...allMet, 'criteria.notMimic': false, 'irls.total': 25 })).toEqual([]);
  });

  it('are graded Strong for (AASM-2024)', () => {
    const f = run({ ...allMet, 'irls.total': 25 }).findings.find((x) => x.code === 'irls.severe');
    const pregabalin = f?.suggestions.find((s) => s.id === 'rls.pregabalin');
    expect(pregabalin).toMatchObject({ guideline: 'AASM-2024', strength: 'Strong for (moderate certainty)' });
  });

  it('ESRD → only low-dose gabapentin (conditional); children → none', () => {
    expect(ids({ ...allMet, 'irls.total': 25, comorbidities: ['dialysis'] })).toEqual([
      'rls.gabapentin-esrd',
    ]);
    expect(ids({ ...allMet, 'irls.total': 25 }, { sex: 'male', birthDate: '2015-01-01' })).toEqual([]);
  });
});
