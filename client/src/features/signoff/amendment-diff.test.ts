import { getWorkup } from '@rls/shared';
import { describe, expect, it } from 'vitest';
import { ALL_CRITERIA_YES } from '@/testing/evaluation-fixtures';
import { formatAnswer } from '@/utils/evaluation-format';
import { amendmentChanges } from './amendment-diff';

const workup = getWorkup(1);
const plan = { selected: [], custom: [], followUpDate: null, reviewed: true, medications: [] };
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

  it('lists a treatment course line entered, changed or removed (plan.medications)', () => {
    const line = {
      id: 'iron.iv-fcm',
      dose: 1000,
      unit: 'mg' as const,
      frequency: 'single-dose' as const,
      startDate: null,
    };
    const selected = ['iron.iv-fcm'];
    const signed = record({}, { plan: { ...plan, selected, medications: [line] } });
    expect(amendmentChanges(workup, signed, signed)).toEqual([]);
    const changed = record({}, { plan: { ...plan, selected, medications: [{ ...line, dose: 500 }] } });
    const label = `Course of ${formatAnswer(workup, 'plan.selected', ['iron.iv-fcm'])}`;
    expect(amendmentChanges(workup, signed, changed)).toEqual([
      {
        kind: 'value',
        key: 'plan.medications.iron.iv-fcm',
        label,
        from: '1000 mg single dose',
        to: '500 mg single dose',
      },
    ]);
    const removed = record({}, { plan: { ...plan, selected } });
    expect(amendmentChanges(workup, signed, removed)).toEqual([
      expect.objectContaining({ from: '1000 mg single dose', to: 'none entered' }),
    ]);
  });
});
