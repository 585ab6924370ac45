import type { AnswerMeta, AnswerMetaEntry, WorkupItem } from './types';

/**
 * "Not done": an item the clinician could not or chose not to do (a lab not drawn, an exam the patient
 * declined) is marked with a short reason instead of an answer. The mark is kept in
 * `answerMeta[code].notDone`, never beside an answer; the item then counts as addressed in progress
 * and leaves `assessment.pending`. The IRLSSG criteria (`requiredForSign`) must be answered, so they
 * cannot be marked. `PATCH /api/evaluations/:id {notDone: {code: reason | null}}` applies marks
 * through `applyAnswers` (apply.ts), which the client's optimistic state calls too.
 */

/** A reason is trimmed and must then hold 1 to this many characters. */
export const NOT_DONE_REASON_MAX = 200;

export type ParsedNotDone = { ok: true; value: string | null } | { ok: false; reason: string };

/** Why an item cannot be marked not done, or null when it can. */
export function notDoneRefusal(item: Pick<WorkupItem, 'requiredForSign'>): string | null {
  return item.requiredForSign
    ? 'cannot be marked not done: an IRLSSG criterion must be answered before signing'
    : null;
}

/** Whether an item may be marked not done (every item except those required for sign-off). */
export function canMarkNotDone(item: Pick<WorkupItem, 'requiredForSign'>): boolean {
  return notDoneRefusal(item) === null;
}

/**
 * A raw not-done value as sent: a reason (trimmed, 1–`NOT_DONE_REASON_MAX` characters) or null to
 * clear the mark. Does not check the item (see `notDoneRefusal`).
 */
export function parseNotDoneReason(raw: unknown): ParsedNotDone {
  if (raw === null) return { ok: true, value: null };
  if (typeof raw !== 'string') return { ok: false, reason: 'not-done reason must be text, or null to clear' };
  const value = raw.trim();
  if (value === '') return { ok: false, reason: 'a not-done reason is required' };
  if (value.length > NOT_DONE_REASON_MAX) {
    return { ok: false, reason: `not-done reason must be at most ${NOT_DONE_REASON_MAX} characters` };
  }
  return { ok: true, value };
}

/** The reason an item is marked not done, if it is. */
export function notDoneOf(answerMeta: AnswerMeta | null | undefined, code: string): string | undefined {
  return answerMeta && Object.hasOwn(answerMeta, code) ? answerMeta[code]?.notDone : undefined;
}

/** Codes of the items marked not done. */
export function notDoneCodes(answerMeta: AnswerMeta | null | undefined): Set<string> {
  const codes = new Set<string>();
  for (const [code, entry] of Object.entries(answerMeta ?? {})) {
    if (entry.notDone !== undefined) codes.add(code);
  }
  return codes;
}

/** An entry without its empty fields; undefined when nothing is left (the code is then removed). */
export function compactEntry(entry: AnswerMetaEntry): AnswerMetaEntry | undefined {
  const out: AnswerMetaEntry = {};
  if (entry.value !== undefined) out.value = entry.value;
  if (entry.unit !== undefined) out.unit = entry.unit;
  if (entry.notDone !== undefined) out.notDone = entry.notDone;
  if (entry.carriedFrom !== undefined) out.carriedFrom = entry.carriedFrom;
  return Object.keys(out).length > 0 ? out : undefined;
}
