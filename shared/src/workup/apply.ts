import { describeCondition, isEnabled } from './enable-when';
import { getItem, listItems } from './items';
import { parseAnswerValue } from './schema';
import type { AnswerMeta, AnswerValue, Answers, PatientContext, WorkupDefinition } from './types';

export interface AnswerChange {
  code: string;
  from: AnswerValue | null;
  to: AnswerValue | null;
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
  incoming: Record<string, unknown>;
}

export function sameAnswer(a: AnswerValue | null | undefined, b: AnswerValue | null | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return (a ?? null) === (b ?? null);
}

/**
 * Removes answers to disabled items until nothing changes (one clearing may disable another item).
 * Unknown codes in `answers` are left alone (they belong to no item of this workup).
 * Returns the codes removed, in removal order.
 */
function clearToFixpoint(workup: WorkupDefinition, patient: PatientContext, answers: Answers): string[] {
  const removed: string[] = [];
  for (;;) {
    let changed = false;
    for (const item of listItems(workup)) {
      if (item.code in answers && !isEnabled(item, answers, patient)) {
        delete answers[item.code];
        removed.push(item.code);
        changed = true;
      }
    }
    if (!changed) return removed;
  }
}

function diff(workup: WorkupDefinition, before: Answers, after: Answers): AnswerChange[] {
  const changes: AnswerChange[] = [];
  for (const item of orderByWorkup(workup, Object.keys({ ...before, ...after }))) {
    const from = before[item] ?? null;
    const to = after[item] ?? null;
    if (!sameAnswer(from, to)) changes.push({ code: item, from, to });
  }
  return changes;
}

function orderByWorkup(workup: WorkupDefinition, codes: Iterable<string>): string[] {
  const set = new Set(codes);
  return listItems(workup)
    .map((i) => i.code)
    .filter((c) => set.has(c));
}

/** The ten IRLS item codes whose scores `irls.total` must add up to (consistency of entry). */
export const IRLS_ITEM_CODES: readonly string[] = Array.from({ length: 10 }, (_, i) => `irls.item${i + 1}`);
export const IRLS_TOTAL_CODE = 'irls.total';

/** The sum of the ten IRLS item scores once all ten are answered; null before (or without IRLS items). */
export function irlsItemSum(workup: WorkupDefinition, answers: Answers): number | null {
  if (IRLS_ITEM_CODES.some((code) => !getItem(workup, code))) return null;
  let sum = 0;
  for (const code of IRLS_ITEM_CODES) {
    const score = answers[code];
    if (typeof score !== 'number') return null;
    sum += score;
  }
  return sum;
}

/**
 * Consistency of entry: once all ten IRLS items are answered (stored ⊕ incoming), an answered
 * `irls.total` must equal their sum. Null when consistent or not yet checkable.
 */
export function irlsTotalMismatch(workup: WorkupDefinition, answers: Answers): InvalidItem | null {
  const total = answers[IRLS_TOTAL_CODE];
  const sum = irlsItemSum(workup, answers);
  if (typeof total !== 'number' || sum === null || total === sum) return null;
  return { code: IRLS_TOTAL_CODE, reason: `must equal the sum of the ten IRLS item scores (${sum})` };
}

/**
 * Applies a batch of answers all-or-nothing: any unknown code, wrong type, value out of
 * range/options or answer to a disabled item (enableWhen against stored ⊕ incoming answers), or an
 * `irls.total` that differs from the sum of ten answered IRLS items, fails the whole
 * batch, listing every invalid item. null clears. Answers the result disables are cleared
 * to a fixpoint and reported in `changes` (to: null) and `cleared`. Inputs are not mutated.
 */
export function applyAnswers(input: ApplyInput): ApplyResult {
  const { workup, patient, incoming } = input;
  const invalid: InvalidItem[] = [];
  const next: Answers = { ...input.answers };
  const meta: AnswerMeta = { ...input.answerMeta };
  const setCodes: string[] = [];

  for (const [code, raw] of Object.entries(incoming)) {
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
    if (parsed.value === null) {
      delete next[code];
      delete meta[code];
    } else {
      next[code] = parsed.value;
      if (parsed.meta) meta[code] = parsed.meta;
      else delete meta[code];
      setCodes.push(code);
    }
  }

  const cleared = clearToFixpoint(workup, patient, next);
  const clearedSet = new Set(cleared);
  for (const code of setCodes) {
    if (!clearedSet.has(code)) continue;
    const item = getItem(workup, code);
    const needs = item?.enableWhen ? describeCondition(item.enableWhen) : 'an enabling answer';
    invalid.push({ code, reason: `not enabled: needs ${needs}` });
  }
  // Checked on the merged answers when the batch touches an IRLS value (so a record saved before the
  // check existed is not locked for unrelated saves), unless an IRLS value of this batch was itself
  // refused (its stored value would stand in for it and the sum would mislead).
  const irlsCodes = new Set([IRLS_TOTAL_CODE, ...IRLS_ITEM_CODES]);
  const touchesIrls = Object.keys(incoming).some((code) => irlsCodes.has(code));
  if (touchesIrls && !invalid.some((i) => irlsCodes.has(i.code))) {
    const mismatch = irlsTotalMismatch(workup, next);
    if (mismatch) invalid.push(mismatch);
  }
  if (invalid.length > 0) return { ok: false, items: invalid };

  for (const code of cleared) delete meta[code];
  const previouslyAnswered = cleared.filter((c) => c in input.answers);
  return {
    ok: true,
    answers: next,
    answerMeta: meta,
    changes: diff(workup, input.answers, next),
    cleared: orderByWorkup(workup, previouslyAnswered),
  };
}

/** Clears answers that are disabled for this patient (e.g. after a change of sex): same result shape. */
export function clearDisabled(
  workup: WorkupDefinition,
  patient: PatientContext,
  answers: Answers,
  answerMeta: AnswerMeta,
): Extract<ApplyResult, { ok: true }> {
  const next: Answers = { ...answers };
  const meta: AnswerMeta = { ...answerMeta };
  const cleared = clearToFixpoint(workup, patient, next);
  for (const code of cleared) delete meta[code];
  return { ok: true, answers: next, answerMeta: meta, changes: diff(workup, answers, next), cleared };
}
