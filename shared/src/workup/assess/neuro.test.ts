import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';

const adult: PatientContext = { sex: 'male', birthDate: '1960-01-01' };
const run = (answers: Answers) => assess(answers, adult, '2026-06-01');
const suspected = (answers: Answers) => run(answers).findings.some((f) => f.code === 'neuropathy.suspected');

describe('neuropathy.suspected', () => {
  it.each([
    ['exam.vibration.left', 'reduced', true],
    ['exam.vibration.right', 'absent', true],
    ['exam.vibration.left', 'normal', false],
    ['exam.ankleReflex.right', 'reduced', true],
    ['exam.ankleReflex.left', 'absent', true],
    ['exam.ankleReflex.left', 'normal', false],
    ['exam.monofilament.right', 'reduced', true],
    ['exam.monofilament.left', 'normal', false],
  ])('%s = %s → %s', (code, value, expected) => {
    expect(suspected({ [code]: value })).toBe(expected);
  });

  it.each([
    [199.9, true],
    [200, false],
  ])('B12 %d → %s', (b12, expected) => {
    expect(suspected({ 'lab.b12': b12 })).toBe(expected);
  });

  it('comorbidity neuropathy → suspected', () => {
    expect(suspected({ comorbidities: ['neuropathy'] })).toBe(true);
  });

  it('names its evidence and suggests a work-up', () => {
    const f = run({ 'exam.vibration.left': 'reduced', 'lab.b12': 150 }).findings.find(
      (x) => x.code === 'neuropathy.suspected',
    );
    expect(f?.evidence.map((e) => e.code)).toEqual(['exam.vibration.left', 'lab.b12']);
    expect(f?.suggestions.map((s) => s.id)).toEqual(['neuro.neuropathy-workup']);
  });
});
