import { describe, expect, it } from 'vitest';
import { assess } from './assess/assess';
import { irlsBand } from './assess/criteria';
import { judgedIrlsTotal } from './irls';
import { canMarkNotDone, notDoneCodes, notDoneOf, parseNotDoneReason } from './not-done';
import { computeProgress } from './progress';
import { getItem, listItems } from './items';
import { getWorkup } from './registry';
import { STAGE_IDS, type AnswerMeta, type PatientContext } from './types';

const workup = getWorkup();
const patient: PatientContext = { sex: 'female', birthDate: '1980-03-01' };
const DATE = '2026-06-10';

describe('not-done helpers', () => {
  it('parses a reason: trimmed text of 1–200 characters, or null', () => {
    expect(parseNotDoneReason(' lab closed ')).toEqual({ ok: true, value: 'lab closed' });
    expect(parseNotDoneReason(null)).toEqual({ ok: true, value: null });
    expect(parseNotDoneReason(' ').ok).toBe(false);
    expect(parseNotDoneReason('x'.repeat(201)).ok).toBe(false);
    expect(parseNotDoneReason(undefined).ok).toBe(false);
  });

  it('lets every item but those required for sign-off be marked', () => {
    const refused = listItems(workup).filter((item) => !canMarkNotDone(item));
    expect(refused.map((i) => i.code)).toEqual(
      listItems(workup)
        .filter((i) => i.requiredForSign)
        .map((i) => i.code),
    );
    expect(refused.map((i) => i.code)).toContain('criteria.urge');
    expect(canMarkNotDone(getItem(workup, 'lab.ferritin')!)).toBe(true);
  });

  it('reads marks from answerMeta, own keys only', () => {
    const meta: AnswerMeta = { 'lab.ferritin': { notDone: 'x' }, 'lab.tsat': { value: 1, unit: '%' } };
    expect(notDoneOf(meta, 'lab.ferritin')).toBe('x');
    expect(notDoneOf(meta, 'lab.tsat')).toBeUndefined();
    expect(notDoneOf(meta, 'toString')).toBeUndefined();
    expect([...notDoneCodes(meta)]).toEqual(['lab.ferritin']);
  });
});

describe('computeProgress: a mark counts as addressed', () => {
  it('counts an item marked not done in its stage, and only while it is enabled', () => {
    const before = computeProgress(workup, patient, {});
    const after = computeProgress(workup, patient, {}, { 'lab.ferritin': { notDone: 'not drawn' } });
    expect(after.labs.answered).toBe(before.labs.answered + 1);
    expect(after.labs.total).toBe(before.labs.total);
    // A mark on a disabled item (no duplex performed) is not counted.
    const disabled = computeProgress(workup, patient, {}, { 'duplex.dvt': { notDone: 'x' } });
    expect(disabled.imaging).toEqual(before.imaging);
  });
});

describe('assess: marked items are not waited for', () => {
  it('drops every marked code from pending and pendingByStage, and entries left waiting for nothing', () => {
    const open = assess({}, patient, DATE);
    expect(open.pending.length).toBeGreaterThan(0);
    const ferritin = open.pending.includes('lab.ferritin');
    expect(ferritin).toBe(true);

    const one = assess({}, patient, DATE, null, { 'lab.ferritin': { notDone: 'not drawn' } });
    expect(one.pending).not.toContain('lab.ferritin');
    expect(one.pending).toEqual(open.pending.filter((c) => c !== 'lab.ferritin'));
    expect(JSON.stringify(one.pendingByStage)).not.toContain('lab.ferritin');

    const all: AnswerMeta = Object.fromEntries(open.pending.map((code) => [code, { notDone: 'not done' }]));
    const none = assess({}, patient, DATE, null, all);
    expect(none.pending).toEqual([]);
    for (const stage of STAGE_IDS) expect(none.pendingByStage[stage]).toEqual([]);
    // Findings do not change: a mark is no answer.
    expect(none.findings).toEqual(open.findings);
  });
});

describe('assess: IRLS severity is judged on the item sum once all ten are answered', () => {
  const items = (scores: number[]) =>
    Object.fromEntries(scores.map((score, i) => [`irls.item${i + 1}`, score]));
  const severity = (answers: Record<string, number>) =>
    assess(answers, patient, DATE)
      .findings.filter((f) => f.code.startsWith('irls.'))
      .map((f) => f.code);

  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 35, []],
    [[1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 35, ['irls.mild']],
    [[4, 4, 2, 0, 0, 0, 0, 0, 0, 0], 35, ['irls.mild']], // 10
    [[4, 4, 3, 0, 0, 0, 0, 0, 0, 0], 35, ['irls.moderate']], // 11
    [[2, 3, 1, 4, 0, 2, 2, 3, 1, 2], 35, ['irls.moderate']], // 20: the tester's record
    [[4, 4, 4, 4, 4, 1, 0, 0, 0, 0], 0, ['irls.severe']], // 21
    [[4, 4, 4, 4, 4, 4, 4, 2, 0, 0], 0, ['irls.severe']], // 30
    [[4, 4, 4, 4, 4, 4, 4, 3, 0, 0], 0, ['irls.very-severe']], // 31
    [[4, 4, 4, 4, 4, 4, 4, 4, 4, 4], 0, ['irls.very-severe']], // 40
  ])('items %j beside a typed total of %i → %j', (scores, typed, expected) => {
    expect(severity({ ...items(scores), 'irls.total': typed })).toEqual(expected);
    expect(severity(items(scores))).toEqual(expected); // no typed total at all
  });

  it('judges the typed total while fewer than ten items are answered', () => {
    expect(severity({ ...items([4, 4, 4, 4, 4, 4, 4, 4, 4]), 'irls.total': 12 })).toEqual(['irls.moderate']);
    expect(judgedIrlsTotal(workup, { 'irls.total': 12 })).toBe(12);
    expect(judgedIrlsTotal(workup, {})).toBeUndefined();
    expect(
      irlsBand(judgedIrlsTotal(workup, { ...items(Array<number>(10).fill(3)), 'irls.total': 40 })!),
    ).toBe('severe');
  });
});
