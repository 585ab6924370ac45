import { computeProgress, emptyPlan, getWorkup, type Answers, type PatientContext } from '@rls/shared';
import { describe, expect, it } from 'vitest';
import { irlsItemSum } from '@rls/shared';
import type { EditBatch } from '../autosave/edit-batch';
import { localView, prepareBatch, withDerivedAnswers } from './local-answers';

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

describe('not-done marks in the batch and the view', () => {
  const stored = { answers: { 'lab.ferritin': 30, 'duplex.performed': true } as Answers, answerMeta: {} };
  const batch = (b: Partial<EditBatch>): EditBatch => ({ answers: {}, notDone: {}, plan: {}, ...b });

  it('a mark on an answered item clears its answer in the same save, and the view shows the mark', () => {
    const edits = batch({ notDone: { 'lab.ferritin': 'patient declined' } });
    expect(prepareBatch(workup, patient, stored, edits)).toEqual({
      answers: { 'lab.ferritin': null },
      notDone: { 'lab.ferritin': 'patient declined' },
      plan: {},
    });
    const view = localView(workup, patient, { ...stored, plan: emptyPlan() }, edits);
    expect(view.answers['lab.ferritin']).toBeUndefined();
    expect(view.answerMeta['lab.ferritin']).toEqual({ notDone: 'patient declined' });
    // Progress counts the marked item as addressed.
    expect(computeProgress(workup, patient, view.answers, view.answerMeta).labs.answered).toBe(1);
  });

  it('undo (null) removes the mark; the item is unanswered again', () => {
    const marked = {
      ...stored,
      answers: { 'duplex.performed': true },
      answerMeta: { 'lab.ferritin': { notDone: 'x' } },
    };
    const view = localView(
      workup,
      patient,
      { ...marked, plan: emptyPlan() },
      batch({ notDone: { 'lab.ferritin': null } }),
    );
    expect(view.answerMeta['lab.ferritin']).toBeUndefined();
    expect(view.answers['lab.ferritin']).toBeUndefined();
  });

  it('an answer replaces a stored mark: the computed IRLS total clears the total’s mark', () => {
    const marked = { answers: items(9), answerMeta: { 'irls.total': { notDone: 'not done by patient' } } };
    expect(prepareBatch(workup, patient, marked, batch({ answers: { 'irls.item10': 2 } }))).toEqual({
      answers: { 'irls.item10': 2, 'irls.total': 20 },
      notDone: { 'irls.total': null },
      plan: {},
    });
  });

  it('a mark on an item the same edits disable is dropped (the server would refuse it)', () => {
    const edits = batch({
      answers: { 'duplex.performed': false },
      notDone: { 'duplex.refluxMs.gsv.left': 'not available' },
    });
    expect(prepareBatch(workup, patient, stored, edits).notDone).toEqual({
      'duplex.refluxMs.gsv.left': null,
    });
  });
});
