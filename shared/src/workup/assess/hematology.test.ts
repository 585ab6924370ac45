import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext, Sex } from '../types';
import { assess } from './assess';

const patient = (sex: Sex): PatientContext => ({ sex, birthDate: '1985-01-01' });
const anemic = (answers: Answers, sex: Sex) =>
  assess(answers, patient(sex), '2026-06-01').findings.some((f) => f.code === 'anemia');

describe('anaemia (WHO)', () => {
  it.each([
    ['male', false, 12.9, true],
    ['male', false, 13.0, false],
    ['female', false, 11.9, true],
    ['female', false, 12.0, false],
    ['female', true, 10.9, true],
    ['female', true, 11.0, false],
    ['female', true, 11.5, false], // pregnant: 11.5 is not anaemic
    ['other', false, 11.9, true],
    ['other', false, 12.0, false],
    ['unknown', false, 11.9, true],
    ['unknown', false, 12.0, false],
    ['unknown', true, 10.9, true],
    ['other', true, 11.0, false],
  ] as const)('%s, pregnant %s, Hb %d → %s', (sex, pregnant, hb, expected) => {
    const answers: Answers = { 'lab.hemoglobin': hb };
    if (pregnant) answers['pregnant'] = true;
    expect(anemic(answers, sex)).toBe(expected);
  });

  it('unanswered pregnant counts as not pregnant', () => {
    expect(anemic({ 'lab.hemoglobin': 11.5 }, 'female')).toBe(true);
    expect(anemic({ 'lab.hemoglobin': 11.5, pregnant: false }, 'female')).toBe(true);
  });

  it('compares the unrounded converted value (119.9 g/L = 11.99 g/dL < 12)', () => {
    expect(anemic({ 'lab.hemoglobin': 11.99 }, 'female')).toBe(true);
  });

  it('missing haemoglobin → pending', () => {
    expect(assess({}, patient('female'), '2026-06-01').pending).toContain('lab.hemoglobin');
  });
});
