import { enteredOf } from '@rls/shared';
import type { AnswerMeta, Answers, PatientEvaluationSummary } from '@rls/shared';
import { formatDate, localDateOf } from './format';

// Answers a follow-up visit carried forward from an earlier evaluation (`answerMeta[code].carriedFrom`)
// until the clinician confirms them: saving the same value through the normal PATCH clears the mark,
// and so does any other value. Read by the workspace (confirm) and by sign-off (unconfirmed warning).

/** Codes of answered items still marked as carried, in the order given by `codes` (all answers when omitted). */
export function carriedCodes(
  answers: Answers,
  answerMeta: AnswerMeta,
  codes: Iterable<string> = Object.keys(answers),
): string[] {
  return [...codes].filter((code) => code in answers && answerMeta[code]?.carriedFrom !== undefined);
}

/**
 * What confirming an item sends: the same value as stored, as it was entered when that was in
 * another unit (so the entered unit is kept), else the canonical value.
 */
function confirmationValue(answers: Answers, answerMeta: AnswerMeta, code: string): unknown {
  const entered = enteredOf(answerMeta[code]);
  return entered ?? answers[code];
}

/** The `answers` part of a PATCH that confirms `codes` (those that are carried and answered). */
export function confirmationBatch(
  answers: Answers,
  answerMeta: AnswerMeta,
  codes: Iterable<string>,
): Record<string, unknown> {
  return Object.fromEntries(
    carriedCodes(answers, answerMeta, codes).map((code) => [
      code,
      confirmationValue(answers, answerMeta, code),
    ]),
  );
}

/**
 * The date of the evaluation an answer was carried from: the day it was signed (on this device), or
 * the day it started when it is not signed; null when the patient's list does not hold it.
 */
export function sourceDate(
  evaluations: readonly Pick<PatientEvaluationSummary, 'id' | 'signedAt' | 'startedAt'>[],
  evaluationId: string | undefined,
): string | null {
  const source = evaluations.find((e) => e.id === evaluationId);
  if (!source) return null;
  return localDateOf(source.signedAt ?? source.startedAt);
}

/** "Carried from 12 Sep 2026" (or "from an earlier evaluation" when its date is unknown). */
export function carriedFromText(date: string | null): string {
  return date ? `Carried from ${formatDate(date)}` : 'Carried from an earlier evaluation';
}
