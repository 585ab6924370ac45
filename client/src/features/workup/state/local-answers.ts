/**
 * What the screen shows: the stored evaluation with the unsaved edits (answers and not-done marks)
 * applied through the same shared functions the server uses (`parseAnswerValue`, `clearDisabled`,
 * `applyAnswers`), so the fields, progress and live assessment are exactly what the server will
 * store. What edits imply (cleared answers and marks, the IRLS total computed from its ten items, an
 * answer replacing a mark and a mark an answer) is added the same way to the view and to the batch
 * autosave sends (`prepareBatch`).
 */
import {
  IRLS_ITEM_CODES,
  IRLS_TOTAL_CODE,
  applyAnswers,
  clearDisabled,
  getItem,
  irlsItemSum,
  isEnabled,
  mergePlan,
  notDoneOf,
  parseAnswerValue,
  sameAnswer,
  type AnswerMeta,
  type AnswerValue,
  type Answers,
  type PatientContext,
  type Plan,
  type WorkupDefinition,
} from '@rls/shared';
import type { EditBatch } from '../autosave/edit-batch';

/** A batch as older callers build it (the API parity test): without marks. */
type BatchInput = Omit<EditBatch, 'notDone'> & { notDone?: EditBatch['notDone'] };

export interface StoredState {
  answers: Answers;
  answerMeta: AnswerMeta;
  plan: Plan;
}

export interface LocalView {
  answers: Answers;
  answerMeta: AnswerMeta;
  plan: Plan;
  /** Stored or unsaved answers the unsaved edits disable (cleared in the same save, as the server does). */
  cleared: string[];
}

/** Stored answers with the answer edits that parse applied (what enableWhen is evaluated on). */
function mergedAnswers(
  workup: WorkupDefinition,
  stored: Pick<StoredState, 'answers'>,
  incoming: Record<string, unknown>,
): Answers {
  const merged: Answers = { ...stored.answers };
  for (const [code, raw] of Object.entries(incoming)) {
    const item = getItem(workup, code);
    if (!item) continue;
    const parsed = parseAnswerValue(item, raw);
    if (!parsed.ok) continue;
    if (parsed.value === null) delete merged[code];
    else merged[code] = parsed.value;
  }
  return merged;
}

/**
 * The answer edits to send: the user's edits plus an explicit `null` for every answer they disable
 * (e.g. `duplex.performed` No clears the reflux grid), found with the shared `clearDisabled`.
 * Values that do not parse are left as they are (the server names them in its 422).
 */
function withClearedAnswers(
  workup: WorkupDefinition,
  patient: PatientContext,
  stored: Pick<StoredState, 'answers' | 'answerMeta'>,
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const merged = mergedAnswers(workup, stored, incoming);
  const { cleared } = clearDisabled(workup, patient, merged, {});
  if (cleared.length === 0) return incoming;
  const result = { ...incoming };
  for (const code of cleared) result[code] = null;
  return result;
}

/**
 * `incoming` plus what the edits imply, so the server receives a consistent batch: an explicit `null`
 * for every answer they disable (see `withClearedAnswers`), and `irls.total` set to the sum of the ten
 * IRLS items whenever all ten are answered (stored ⊕ incoming) and the total differs — the total is
 * then computed, not typed, and an item change updates it in the same save.
 */
export function withDerivedAnswers(
  workup: WorkupDefinition,
  patient: PatientContext,
  stored: Pick<StoredState, 'answers' | 'answerMeta'>,
  incoming: Record<string, unknown>,
): Record<string, unknown> {
  const result = withClearedAnswers(workup, patient, stored, incoming);
  if (!getItem(workup, IRLS_TOTAL_CODE)) return result;
  const merged: Answers = { ...stored.answers };
  for (const code of [...IRLS_ITEM_CODES, IRLS_TOTAL_CODE]) {
    if (!(code in result)) continue;
    const item = getItem(workup, code);
    const parsed = item ? parseAnswerValue(item, result[code]) : undefined;
    // An item that does not parse: the server names it; the total is left as it is.
    if (!parsed?.ok) return result;
    if (parsed.value === null) delete merged[code];
    else merged[code] = parsed.value;
  }
  const sum = irlsItemSum(workup, merged);
  if (sum === null || merged[IRLS_TOTAL_CODE] === sum) return result;
  return { ...result, [IRLS_TOTAL_CODE]: sum };
}

/**
 * The batch to send (and to show) for the user's edits against `stored`: the answers with what they
 * imply (`withDerivedAnswers`), and the marks made consistent with them, as the server requires
 * (apply.ts: never an answer beside a mark) — a mark on an answered item clears the answer, a new
 * answer (typed, or the computed IRLS total) clears the item's mark, and a mark on an item the edits
 * disable is dropped.
 */
export function prepareBatch(
  workup: WorkupDefinition,
  patient: PatientContext,
  stored: Pick<StoredState, 'answers' | 'answerMeta'>,
  batch: BatchInput,
): EditBatch {
  const marks = batch.notDone ?? {};
  const answers = { ...withDerivedAnswers(workup, patient, stored, batch.answers) };
  const notDone: Record<string, string | null> = { ...marks };
  for (const [code, reason] of Object.entries(marks)) {
    if (reason !== null && code in stored.answers && !(code in answers)) answers[code] = null;
  }
  for (const [code, raw] of Object.entries(answers)) {
    if (raw !== null && notDone[code] === undefined && notDoneOf(stored.answerMeta, code) !== undefined) {
      notDone[code] = null;
    }
  }
  const enabled = mergedAnswers(workup, stored, answers);
  for (const [code, reason] of Object.entries(notDone)) {
    const item = getItem(workup, code);
    if (reason !== null && item && !isEnabled(item, enabled, patient)) notDone[code] = null;
  }
  return { answers, notDone, plan: batch.plan };
}

/** The stored state with the unsaved batch applied. */
export function localView(
  workup: WorkupDefinition,
  patient: PatientContext,
  stored: StoredState,
  batch: BatchInput,
): LocalView {
  const plan = mergePlan(stored.plan, batch.plan);
  if (Object.keys(batch.answers).length === 0 && Object.keys(batch.notDone ?? {}).length === 0) {
    return { answers: stored.answers, answerMeta: stored.answerMeta, plan, cleared: [] };
  }
  const { answers: incoming, notDone } = prepareBatch(workup, patient, stored, batch);
  // Answers the edits disable (not those the user cleared, nor those a mark replaces).
  const cleared = Object.keys(incoming).filter(
    (code) =>
      incoming[code] === null &&
      !(code in batch.answers && batch.answers[code] === null) &&
      typeof batch.notDone?.[code] !== 'string',
  );
  const apply = (answers: Record<string, unknown>, marks: Record<string, string | null>) =>
    applyAnswers({
      workup,
      patient,
      answers: stored.answers,
      answerMeta: stored.answerMeta,
      incoming: answers,
      notDone: marks,
    });
  const applied = apply(incoming, notDone);
  if (applied.ok) return { answers: applied.answers, answerMeta: applied.answerMeta, plan, cleared };

  // A refused value or mark (e.g. from a 422) is shown as stored; the other edits still apply.
  const refused = new Set(applied.items.map((i) => i.code));
  const keep = <T>(record: Record<string, T>) =>
    Object.fromEntries(Object.entries(record).filter(([code]) => !refused.has(code)));
  const partial = apply(keep(incoming), keep(notDone));
  return partial.ok
    ? { answers: partial.answers, answerMeta: partial.answerMeta, plan, cleared }
    : { answers: stored.answers, answerMeta: stored.answerMeta, plan, cleared };
}

/** Whether an unsaved raw input stores the same value as `stored` (for conflict detection). */
export function sameStoredValue(
  workup: WorkupDefinition,
  code: string,
  raw: unknown,
  stored: unknown,
): boolean {
  const item = getItem(workup, code);
  if (!item) return false;
  const parsed = parseAnswerValue(item, raw);
  if (!parsed.ok) return false;
  return sameAnswer(parsed.value, (stored ?? null) as AnswerValue | null);
}
