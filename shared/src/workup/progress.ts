import { isEnabled } from './enable-when';
import { listItems } from './items';
import { notDoneOf } from './not-done';
import { STAGE_IDS } from './types';
import type { AnswerMeta, Answers, PatientContext, StageId, WorkupDefinition } from './types';

/** `answered` counts the items addressed: answered, or marked not done (answerMeta[code].notDone). */
export type StageProgress = { answered: number; total: number };

/**
 * Addressed / total over the ENABLED items of each stage (`progress`; the server adds firstAt/lastAt),
 * free-text notes (`note`) left out: a stage is complete without one.
 * An item counts as addressed when it is answered or marked not done (`answerMeta`).
 */
export function computeProgress(
  workup: WorkupDefinition,
  patient: PatientContext,
  answers: Answers,
  answerMeta: AnswerMeta = {},
): Record<StageId, StageProgress> {
  const progress = Object.fromEntries(STAGE_IDS.map((s) => [s, { answered: 0, total: 0 }])) as Record<
    StageId,
    StageProgress
  >;
  for (const item of listItems(workup)) {
    if (item.note || !isEnabled(item, answers, patient)) continue;
    const stage = progress[item.stage];
    stage.total += 1;
    if (answers[item.code] !== undefined || notDoneOf(answerMeta, item.code) !== undefined)
      stage.answered += 1;
  }
  return progress;
}
