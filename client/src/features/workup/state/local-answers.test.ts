import { getWorkup, type Answers, type PatientContext } from '@rls/shared';
import { describe, expect, it } from 'vitest';
import { irlsItemSum } from '@rls/shared';
import { withDerivedAnswers } from './local-answers';

const workup = getWorkup(1);
const patient: PatientContext = { sex: 'female', birthDate: '1956-03-12' };

/** Items 1…n scored 2 each. */
function items(n: number): Answers {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`irls.item${i + 1}`, 2]));
}

const derive = (answers: Answers, incoming: Record<string, unknown>) =>
  withDerivedAnswers(workup, patient, { answers, answerMeta: {} }, incoming);

describe('IRLS total from its ten items', () => {
  it('sums the ten items only once all ten are answered', () => {
    expect(irlsItemSum(workup, items(9))).toBeNull();
    expect(irlsItemSum(workup, items(10))).toBe(20);
  });

  it('adds the total to the batch that answers the tenth item', () => {
    expect(derive(items(9), { 'irls.item10': 4 })).toEqual({ 'irls.item10': 4, 'irls.total': 22 });
  });

  it('updates the total when an item changes, replacing a typed one', () => {
    expect(derive({ ...items(10), 'irls.total': 20 }, { 'irls.item3': 0, 'irls.total': 31 })).toEqual({
      'irls.item3': 0,
      'irls.total': 18,
    });
  });

  it('adds nothing while fewer than ten are answered, or when the total already matches', () => {
    expect(derive(items(8), { 'irls.item9': 1 })).toEqual({ 'irls.item9': 1 });
    expect(derive({ ...items(10), 'irls.total': 20 }, { 'irls.item1': 2 })).toEqual({ 'irls.item1': 2 });
    // Clearing an item: the total stays as it is (typed again from now on).
    expect(derive({ ...items(10), 'irls.total': 20 }, { 'irls.item1': null })).toEqual({
      'irls.item1': null,
    });
  });

  it('corrects a stored total that does not match ten stored items with the next save', () => {
    expect(derive({ ...items(10), 'irls.total': 12 }, { 'lab.ferritin': 40 })).toEqual({
      'lab.ferritin': 40,
      'irls.total': 20,
    });
  });

  it('leaves the batch alone when an item score is invalid (the server names it)', () => {
    expect(derive(items(9), { 'irls.item10': 7 })).toEqual({ 'irls.item10': 7 });
  });
});
