import { isEnabled } from './enable-when';
import { listItems } from './items';
import type { Plan } from './plan';
import type { AnswerMeta, Answers, PatientContext, WorkupDefinition } from './types';

/** The five IRLSSG essential criteria: answered (true or false) before sign-off, else a sign blocker. */
export const CRITERIA_CODES = [
  'criteria.urge',
  'criteria.rest',
  'criteria.movementRelief',
  'criteria.eveningWorse',
  'criteria.notMimic',
] as const;

export interface SignBlocker {
  code: string;
  reason: string;
}

/** What prevents signing: each unanswered criterion and a plan not marked reviewed. */
export function signBlockers(
  answers: Answers,
  plan: Pick<Plan, 'reviewed'> | null | undefined,
): SignBlocker[] {
  const blockers: SignBlocker[] = [];
  for (const code of CRITERIA_CODES) {
    if (typeof answers[code] !== 'boolean') {
      blockers.push({ code, reason: 'IRLSSG criterion must be answered before signing' });
    }
  }
  if (plan?.reviewed !== true) {
    blockers.push({ code: 'plan.reviewed', reason: 'the plan must be marked as reviewed before signing' });
  }
  return blockers;
}

/**
 * Unanswered enabled items that do not block signing (shown as warnings). Notes are not asked for,
 * and an item marked not done was addressed.
 */
export function signWarnings(
  workup: WorkupDefinition,
  patient: PatientContext,
  answers: Answers,
  answerMeta: AnswerMeta = {},
): string[] {
  const blocking = new Set<string>(CRITERIA_CODES);
  return listItems(workup)
    .filter((item) => !blocking.has(item.code) && !item.requiredForSign && !item.note)
    .filter((item) => answerMeta[item.code]?.notDone === undefined)
    .filter((item) => answers[item.code] === undefined && isEnabled(item, answers, patient))
    .map((item) => item.code);
}

/**
 * Answers a follow-up visit carried forward (`answerMeta[code].carriedFrom`) that the clinician has
 * not confirmed yet — saving the item, same value or new, confirms it (applyAnswers replaces its meta).
 * A sign warning, never a blocker; in walk order.
 */
export function unconfirmedCarried(
  workup: WorkupDefinition,
  answers: Answers,
  answerMeta: AnswerMeta,
): string[] {
  return listItems(workup)
    .map((item) => item.code)
    .filter((code) => answers[code] !== undefined && answerMeta[code]?.carriedFrom !== undefined);
}
