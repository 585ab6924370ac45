import { getWorkup } from '@rls/shared';
import { describe, expect, it } from 'vitest';
import { ALL_CRITERIA_YES } from '@/testing/evaluation-fixtures';
import { amendmentChanges } from './amendment-diff';

const workup = getWorkup(1);
const plan = { selected: [], custom: [], followUpDate: null, reviewed: true };
const record = (answers = {}, more = {}) => ({
  answers: { ...ALL_CRITERIA_YES, ...answers },
  answerMeta: {},
  plan,
  ...more,
});

describe('amendmentChanges', () => {
  it('compares multiple choices as sets: a different order is no change', () => {
    const signed = record({ substances: ['caffeine', 'alcohol'] });
    expect(amendmentChanges(workup, signed, record({ substances: ['alcohol', 'caffeine'] }))).toEqual([]);
    expect(amendmentChanges(workup, signed, record({ substances: ['alcohol'] }))).toEqual([
      { kind: 'value', key: 'substances', label: 'Regular use', from: 'Caffeine, Alcohol', to: 'Alcohol' },
    ]);
  });

  it('lists an answer added or removed against "not answered", and ignores "plan reviewed"', () => {
    const signed = record({ 'lab.ferritin': 40 }, { plan: { ...plan, reviewed: false } });
    expect(amendmentChanges(workup, signed, record({ 'lab.hemoglobin': 13.5 }))).toEqual([
      // Walk order of the definition (ferritin comes before haemoglobin in the labs stage).
      { kind: 'value', key: 'lab.ferritin', label: 'Ferritin', from: '40 ng/mL', to: 'not answered' },
      { kind: 'value', key: 'lab.hemoglobin', label: 'Haemoglobin', from: 'not answered', to: '13.5 g/dL' },
    ]);
  });
});
