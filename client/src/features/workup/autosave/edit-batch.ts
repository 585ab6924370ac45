import type { Plan } from '@rls/shared';

// The unit of autosave: edits keyed by item code / plan field. Kept free of app imports so the
// cross-package parity test can use the client's view of answers (state/local-answers.ts).

export type PlanField = keyof Plan;
// Every plan field, in the order a plan reads; `satisfies` fails the build when the plan gains a field
// this list does not name.
const PLAN_FIELD_SET = {
  selected: true,
  custom: true,
  followUpDate: true,
  reviewed: true,
  medications: true,
} as const satisfies Record<PlanField, true>;
export const PLAN_FIELDS = Object.keys(PLAN_FIELD_SET) as readonly PlanField[];

/**
 * The edits not yet stored: raw answer inputs keyed by item code (null clears), not-done marks keyed
 * by item code (a reason, or null to clear the mark) and plan fields.
 */
export interface EditBatch {
  answers: Record<string, unknown>;
  notDone: Record<string, string | null>;
  plan: Partial<Plan>;
}

export function emptyBatch(): EditBatch {
  return { answers: {}, notDone: {}, plan: {} };
}

export function isEmptyBatch(batch: EditBatch): boolean {
  return (
    Object.keys(batch.answers).length === 0 &&
    Object.keys(batch.notDone).length === 0 &&
    Object.keys(batch.plan).length === 0
  );
}

/** `later` over `earlier`, key by key. */
export function mergeBatches(earlier: EditBatch, later: EditBatch): EditBatch {
  return {
    answers: { ...earlier.answers, ...later.answers },
    notDone: { ...earlier.notDone, ...later.notDone },
    plan: { ...earlier.plan, ...later.plan },
  };
}
