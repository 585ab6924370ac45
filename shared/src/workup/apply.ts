import { describeCondition, isEnabled } from './enable-when';
import { getItem, listItems } from './items';
import { IRLS_ITEM_CODES, IRLS_TOTAL_CODE, irlsItemSum, irlsTotalMismatch } from './irls';
import { compactEntry, notDoneRefusal, parseNotDoneReason } from './not-done';
import { parseAnswerValue } from './schema';
import type {
  AnswerMeta,
  AnswerMetaEntry,
  AnswerValue,
  Answers,
  PatientContext,
  WorkupDefinition,
} from './types';

// The IRLS helpers live in irls.ts; exported here too, where the package index has always found them.
export { IRLS_ITEM_CODES, IRLS_TOTAL_CODE, irlsItemSum, irlsTotalMismatch } from './irls';

/** A not-done mark's reason before and after a change (null: no mark). */
export interface NotDoneChange {
  from: string | null;
  to: string | null;
}

/**
 * One item's change in a save, as the history shows it: its answer `from` → `to` (equal when only the
 * mark changed), and `notDone` when its not-done mark was set, changed or cleared.
 */
export interface AnswerChange {
  code: string;
  from: AnswerValue | null;
  to: AnswerValue | null;
  notDone?: NotDoneChange;
}

export interface InvalidItem {
  code: string;
  reason: string;
}

export type ApplyResult =
  | { ok: true; answers: Answers; answerMeta: AnswerMeta; changes: AnswerChange[]; cleared: string[] }
  | { ok: false; items: InvalidItem[] };

export interface ApplyInput {
  workup: WorkupDefinition;
  patient: PatientContext;
  answers: Answers;
  answerMeta: AnswerMeta;
  /** item code → raw answer (null clears it). */
  incoming: Record<string, unknown>;
  /** item code → not-done reason (trimmed, 1–200 characters), or null to clear the mark. */
  notDone?: Record<string, unknown> | undefined;
}

export function sameAnswer(a: AnswerValue | null | undefined, b: AnswerValue | null | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return (a ?? null) === (b ?? null);
}

/** The own entries of a request object (an own `__proto__` key, as JSON.parse makes, included). */
function ownEntries(record: Record<string, unknown> | undefined): [string, unknown][] {
  if (!record) return [];
  return Object.keys(record).map((key) => [key, record[key]]);
}

function metaOf(meta: AnswerMeta, code: string): AnswerMetaEntry | undefined {
  return Object.hasOwn(meta, code) ? meta[code] : undefined;
}

/** Replaces (or removes, when empty) the meta entry of `code`. */
function setMeta(meta: AnswerMeta, code: string, entry: AnswerMetaEntry): void {
  const compact = compactEntry(entry);
  if (compact) meta[code] = compact;
  else delete meta[code];
}

/**
 * Removes answers to disabled items until nothing changes (one clearing may disable another item),
 * then the not-done marks of items left disabled (a mark enables nothing: enableWhen reads answers).
 * Unknown codes are left alone (they belong to no item of this workup). Returns the codes whose answer
 * or mark was removed, in removal order.
 */
function clearToFixpoint(
  workup: WorkupDefinition,
  patient: PatientContext,
  answers: Answers,
  meta: AnswerMeta,
): string[] {
  const removed: string[] = [];
  for (;;) {
    let changed = false;
    for (const item of listItems(workup)) {
      if (Object.hasOwn(answers, item.code) && !isEnabled(item, answers, patient)) {
        delete answers[item.code];
        const entry = metaOf(meta, item.code);
        if (entry) setMeta(meta, item.code, { notDone: entry.notDone });
        removed.push(item.code);
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const item of listItems(workup)) {
    const entry = metaOf(meta, item.code);
    if (entry?.notDone !== undefined && !isEnabled(item, answers, patient)) {
      setMeta(meta, item.code, { ...entry, notDone: undefined });
      if (!removed.includes(item.code)) removed.push(item.code);
    }
  }
  return removed;
}

function diff(
  workup: WorkupDefinition,
  before: { answers: Answers; answerMeta: AnswerMeta },
  after: { answers: Answers; answerMeta: AnswerMeta },
): AnswerChange[] {
  const changes: AnswerChange[] = [];
  const codes = [
    ...Object.keys(before.answers),
    ...Object.keys(after.answers),
    ...Object.keys(before.answerMeta),
    ...Object.keys(after.answerMeta),
  ];
  for (const code of orderByWorkup(workup, codes)) {
    const from = Object.hasOwn(before.answers, code) ? before.answers[code]! : null;
    const to = Object.hasOwn(after.answers, code) ? after.answers[code]! : null;
    const markFrom = metaOf(before.answerMeta, code)?.notDone ?? null;
    const markTo = metaOf(after.answerMeta, code)?.notDone ?? null;
    const answerChanged = !sameAnswer(from, to);
    if (markFrom !== markTo) changes.push({ code, from, to, notDone: { from: markFrom, to: markTo } });
    else if (answerChanged) changes.push({ code, from, to });
  }
  return changes;
}

function orderByWorkup(workup: WorkupDefinition, codes: Iterable<string>): string[] {
  const set = new Set(codes);
  return listItems(workup)
    .map((i) => i.code)
    .filter((c) => set.has(c));
}

/**
 * Applies a batch of answers and not-done marks all-or-nothing. Refused, each named in `items`:
 * an unknown code (`__proto__` and `constructor` included), a wrong type, a value out of range or
 * options, an answer or mark on a disabled item (enableWhen against stored ⊕ incoming answers), a mark
 * with an empty or over-long reason or on an item required for sign-off, an item left holding both an
 * answer and a mark (stored or incoming: clear one in the same batch), and an `irls.total` sent
 * beside ten answered IRLS items that it does not equal. null clears an answer or a mark.
 *
 * What the batch implies is applied with it and reported in `changes`: when it touches an IRLS item
 * score without sending a number for the total and all ten are then answered, `irls.total` becomes
 * their sum (it IS their sum: docs/clinical-rules.md, irls.*); answers and marks the result disables
 * are cleared to a fixpoint (also listed in `cleared`). Inputs are not mutated.
 */
export function applyAnswers(input: ApplyInput): ApplyResult {
  const { workup, patient, incoming } = input;
  const invalid: InvalidItem[] = [];
  const next: Answers = { ...input.answers };
  const meta: AnswerMeta = { ...input.answerMeta };
  const setCodes: string[] = [];
  const markedCodes: string[] = [];

  for (const [code, raw] of ownEntries(incoming)) {
    const item = getItem(workup, code);
    if (!item) {
      invalid.push({ code, reason: 'unknown item code' });
      continue;
    }
    const parsed = parseAnswerValue(item, raw);
    if (!parsed.ok) {
      invalid.push({ code, reason: parsed.reason });
      continue;
    }
    // A new answer replaces what was entered and where it was carried from; a mark stays (and is
    // refused below if the answer is not cleared).
    const notDone = metaOf(meta, code)?.notDone;
    if (parsed.value === null) {
      delete next[code];
      setMeta(meta, code, { notDone });
    } else {
      next[code] = parsed.value;
      setMeta(meta, code, { ...parsed.meta, notDone });
      setCodes.push(code);
    }
  }

  for (const [code, raw] of ownEntries(input.notDone)) {
    const item = getItem(workup, code);
    if (!item) {
      invalid.push({ code, reason: 'unknown item code' });
      continue;
    }
    const parsed = parseNotDoneReason(raw);
    if (!parsed.ok) {
      invalid.push({ code, reason: parsed.reason });
      continue;
    }
    const refusal = parsed.value === null ? null : notDoneRefusal(item);
    if (refusal) {
      invalid.push({ code, reason: refusal });
      continue;
    }
    setMeta(meta, code, { ...metaOf(meta, code), notDone: parsed.value ?? undefined });
    if (parsed.value !== null) markedCodes.push(code);
  }

  for (const code of new Set([...setCodes, ...markedCodes])) {
    if (Object.hasOwn(next, code) && metaOf(meta, code)?.notDone !== undefined) {
      invalid.push({
        code,
        reason: 'cannot hold both an answer and a not-done mark: clear one of them (null) in the same save',
      });
    }
  }

  // The IRLS total is the sum of its ten items: derived when the batch touches an item score and does
  // not send a total (an explicit total is checked below), unless an IRLS value was itself refused.
  const irlsCodes = new Set([IRLS_TOTAL_CODE, ...IRLS_ITEM_CODES]);
  const irlsRefused = invalid.some((i) => irlsCodes.has(i.code));
  const touchesItems = IRLS_ITEM_CODES.some((code) => Object.hasOwn(incoming, code));
  const totalSent = Object.hasOwn(incoming, IRLS_TOTAL_CODE) && incoming[IRLS_TOTAL_CODE] !== null;
  const totalItem = getItem(workup, IRLS_TOTAL_CODE);
  if (touchesItems && !totalSent && !irlsRefused && totalItem && isEnabled(totalItem, next, patient)) {
    const sum = irlsItemSum(workup, next);
    if (sum !== null && next[IRLS_TOTAL_CODE] !== sum) {
      next[IRLS_TOTAL_CODE] = sum;
      delete meta[IRLS_TOTAL_CODE]; // a computed total replaces a typed one and a not-done mark
    }
  }

  const cleared = clearToFixpoint(workup, patient, next, meta);
  const clearedSet = new Set(cleared);
  for (const code of [...setCodes, ...markedCodes]) {
    if (!clearedSet.has(code)) continue;
    const item = getItem(workup, code);
    const needs = item?.enableWhen ? describeCondition(item.enableWhen) : 'an enabling answer';
    invalid.push({ code, reason: `not enabled: needs ${needs}` });
  }
  // Checked on the merged answers when the batch touches an IRLS value (so a record saved before the
  // check existed is not locked for unrelated saves), unless an IRLS value of this batch was itself
  // refused (its stored value would stand in for it and the sum would mislead).
  const touchesIrls = Object.keys(incoming).some((code) => irlsCodes.has(code));
  if (touchesIrls && !irlsRefused) {
    const mismatch = irlsTotalMismatch(workup, next);
    if (mismatch) invalid.push(mismatch);
  }
  if (invalid.length > 0) return { ok: false, items: invalid };

  const before = { answers: input.answers, answerMeta: input.answerMeta };
  const previously = cleared.filter(
    (c) => Object.hasOwn(input.answers, c) || metaOf(input.answerMeta, c)?.notDone !== undefined,
  );
  return {
    ok: true,
    answers: next,
    answerMeta: meta,
    changes: diff(workup, before, { answers: next, answerMeta: meta }),
    cleared: orderByWorkup(workup, previously),
  };
}

/** Clears answers and not-done marks disabled for this patient (e.g. after a change of sex): same result shape. */
export function clearDisabled(
  workup: WorkupDefinition,
  patient: PatientContext,
  answers: Answers,
  answerMeta: AnswerMeta,
): Extract<ApplyResult, { ok: true }> {
  const next: Answers = { ...answers };
  const meta: AnswerMeta = { ...answerMeta };
  const cleared = clearToFixpoint(workup, patient, next, meta);
  return {
    ok: true,
    answers: next,
    answerMeta: meta,
    changes: diff(workup, { answers, answerMeta }, { answers: next, answerMeta: meta }),
    cleared: orderByWorkup(workup, cleared),
  };
}
