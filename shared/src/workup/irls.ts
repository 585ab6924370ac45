import { getItem } from './items';
import type { Answers, WorkupDefinition } from './types';

/**
 * The IRLS rating scale: ten item scores (0–4 each) and their total (0–40), whose bands are the
 * irls.* findings of docs/clinical-rules.md. Once all ten items are answered the total IS their sum:
 * `applyAnswers` stores it so (apply.ts) and `assess` judges severity on it, so a record whose typed
 * total disagrees with its items (saved before this rule) is not misjudged.
 */

/** The ten IRLS item codes whose scores `irls.total` must add up to (consistency of entry). */
export const IRLS_ITEM_CODES: readonly string[] = Array.from({ length: 10 }, (_, i) => `irls.item${i + 1}`);
export const IRLS_TOTAL_CODE = 'irls.total';

/** The sum of the ten IRLS item scores once all ten are answered; null before (or without IRLS items). */
export function irlsItemSum(workup: WorkupDefinition, answers: Answers): number | null {
  if (IRLS_ITEM_CODES.some((code) => !getItem(workup, code))) return null;
  let sum = 0;
  for (const code of IRLS_ITEM_CODES) {
    const score = Object.hasOwn(answers, code) ? answers[code] : undefined;
    if (typeof score !== 'number') return null;
    sum += score;
  }
  return sum;
}

/**
 * Consistency of entry: once all ten IRLS items are answered (stored ⊕ incoming), an answered
 * `irls.total` must equal their sum. Null when consistent or not yet checkable.
 */
export function irlsTotalMismatch(
  workup: WorkupDefinition,
  answers: Answers,
): { code: string; reason: string } | null {
  const total = answers[IRLS_TOTAL_CODE];
  const sum = irlsItemSum(workup, answers);
  if (typeof total !== 'number' || sum === null || total === sum) return null;
  return { code: IRLS_TOTAL_CODE, reason: `must equal the sum of the ten IRLS item scores (${sum})` };
}

/**
 * The IRLS total severity is judged on: the sum of the ten items once all are answered, else the
 * answered total; undefined when neither is there.
 */
export function judgedIrlsTotal(workup: WorkupDefinition, answers: Answers): number | undefined {
  const sum = irlsItemSum(workup, answers);
  if (sum !== null) return sum;
  const total = answers[IRLS_TOTAL_CODE];
  return typeof total === 'number' ? total : undefined;
}

/** `answers` with `irls.total` as severity is judged on it (`judgedIrlsTotal`); the same object when equal. */
export function withJudgedIrlsTotal(workup: WorkupDefinition, answers: Answers): Answers {
  const judged = judgedIrlsTotal(workup, answers);
  if (judged === undefined || answers[IRLS_TOTAL_CODE] === judged) return answers;
  return { ...answers, [IRLS_TOTAL_CODE]: judged };
}
