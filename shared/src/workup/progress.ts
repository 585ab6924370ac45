import { isEnabled } from './enable-when';
import { listItems } from './items';
import { STAGE_IDS } from './types';
import type { Answers, PatientContext, StageId, WorkupDefinition } from './types';

export type StageProgress = { answered: number; total: number };

/** Answered / total over the ENABLED items of each stage (`progress`; the server adds firstAt/lastAt). */
export function computeProgress(
  workup: WorkupDefinition,
  patient: PatientContext,
  answers: Answers,
): Record<StageId, StageProgress> {
  const progress = Object.fromEntries(STAGE_IDS.map((s) => [s, { answered: 0, total: 0 }])) as Record<
    StageId,
    StageProgress
  >;
  for (const item of listItems(workup)) {
    if (!isEnabled(item, answers, patient)) continue;
    const stage = progress[item.stage];
    stage.total += 1;
    if (answers[item.code] !== undefined) stage.answered += 1;
  }
  return progress;
}
