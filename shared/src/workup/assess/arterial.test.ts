import { describe, expect, it } from 'vitest';
import type { Answers, PatientContext } from '../types';
import { assess } from './assess';

const adult: PatientContext = { sex: 'male', birthDate: '1950-01-01' };
const run = (answers: Answers) => assess(answers, adult, '2026-06-01');
const arterial = (answers: Answers) =>
  run(answers)
    .findings.map((f) => f.code)
    .filter((c) => c.startsWith('arterial.'));

describe('ABI bands', () => {
  it.each([
    [0.9, 1.1, ['arterial.pad']],
    [0.91, 1.1, ['arterial.borderline']],
    [0.99, 1.1, ['arterial.borderline']],
    [1.0, 1.1, []],
    [1.4, 1.1, []],
    [1.41, 1.1, ['arterial.noncompressible']],
    [0.95, 0.9, ['arterial.pad']], // borderline only when no side ≤ 0.90
    [0.85, 1.5, ['arterial.pad', 'arterial.noncompressible']],
    [0.95, 1.45, ['arterial.borderline', 'arterial.noncompressible']],
  ])('left %d, right %d → %j', (left, right, expected) => {
    expect(arterial({ 'abi.left': left, 'abi.right': right })).toEqual(expected);
  });

  it('either side: right alone can be PAD', () => {
    const f = run({ 'abi.left': 1.1, 'abi.right': 0.7 }).findings.find((x) => x.code === 'arterial.pad');
    expect(f?.evidence).toEqual([expect.objectContaining({ code: 'abi.right', value: 0.7 })]);
  });

  it('suggests vascular referral for PAD and TBI for non-compressible arteries', () => {
    const ids = run({ 'abi.left': 0.6, 'abi.right': 1.6 }).findings.flatMap((f) =>
      f.suggestions.map((s) => s.id),
    );
    expect(ids).toEqual(
      expect.arrayContaining(['referral.vascular-pad', 'arterial.pad-care', 'arterial.tbi']),
    );
  });

  it('missing sides are pending until PAD is found', () => {
    expect(run({}).pending).toEqual(expect.arrayContaining(['abi.left', 'abi.right']));
    expect(run({ 'abi.left': 1.1 }).pending).toContain('abi.right');
    expect(run({ 'abi.left': 0.8 }).pending).not.toContain('abi.right');
  });
});
