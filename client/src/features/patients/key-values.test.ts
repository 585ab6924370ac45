import { describe, expect, it } from 'vitest';
import { compareKeyValues } from './key-values';
import { evaluationSummary, followedUpPatient } from './test-fixtures';

describe('compareKeyValues', () => {
  it('compares the latest evaluation with the previous one, measure by measure', () => {
    const comparison = compareKeyValues(followedUpPatient.evaluations);

    expect(comparison?.latest.id).toBe('e2');
    expect(comparison?.previous.id).toBe('e1');
    expect(comparison?.rows.map((row) => row.text)).toEqual([
      'Ferritin 38 → 112 ng/mL (+74)',
      'TSAT 14.2 → 27.5 % (+13.3)',
      'IRLS total 24 → 12 (−12)',
      'ABI left 0.93 → 0.88 (−0.05)',
      'ABI right 1.02 → not recorded',
    ]);
    expect(comparison?.rows[2]?.bands).toEqual({ previous: 'severe', latest: 'moderate' });
  });

  it('computes the change from unrounded values and calls a change below display precision none', () => {
    const comparison = compareKeyValues([
      evaluationSummary({ id: 'b', keyValues: { ferritin: 75.4, tsat: 20.04 } }),
      evaluationSummary({ id: 'a', keyValues: { ferritin: 74.6, tsat: 20.0 } }),
    ]);

    // 74.6 and 75.4 both display as 75, yet they differ by 0.8, shown as +1.
    expect(comparison?.rows.map((row) => row.text)).toEqual([
      'Ferritin 75 → 75 ng/mL (+1)',
      'TSAT 20.0 → 20.0 % (no change)',
    ]);
  });

  it('skips evaluations without values and measures neither has', () => {
    const comparison = compareKeyValues([
      evaluationSummary({ id: 'empty-draft', status: 'draft' }),
      evaluationSummary({ id: 'b', keyValues: { abiRight: 0.7 } }),
      evaluationSummary({ id: 'empty-old' }),
      evaluationSummary({ id: 'a', keyValues: { abiRight: 0.95 } }),
    ]);

    expect(comparison?.latest.id).toBe('b');
    expect(comparison?.previous.id).toBe('a');
    expect(comparison?.rows.map((row) => row.text)).toEqual(['ABI right 0.95 → 0.70 (−0.25)']);
  });

  it('is null with fewer than two evaluations that have values', () => {
    expect(compareKeyValues([])).toBeNull();
    expect(
      compareKeyValues([
        evaluationSummary({ id: 'b', keyValues: { ferritin: 40 } }),
        evaluationSummary({ id: 'a' }),
      ]),
    ).toBeNull();
  });
});
