import { z } from 'zod';
import { isValidDate } from '../dates';

export interface Plan {
  /** Ids of the assessment suggestions the clinician ticked. */
  selected: string[];
  /** Free-text plan items. */
  custom: string[];
  /** YYYY-MM-DD */
  followUpDate: string | null;
  reviewed: boolean;
}

export const PLAN_CUSTOM_MAX_ITEMS = 50;
export const PLAN_CUSTOM_MAX_LENGTH = 500;

/** The `plan` part of `PATCH /api/evaluations/:id`: every field optional, unknown keys rejected. */
export const planPatchSchema = z.strictObject({
  selected: z
    .array(z.string().trim().min(1).max(100))
    .max(200)
    .refine((v) => new Set(v).size === v.length, { error: 'must not list a suggestion twice' })
    .optional(),
  custom: z
    .array(
      z
        .string()
        .trim()
        .min(1, { error: 'must not be empty' })
        .max(PLAN_CUSTOM_MAX_LENGTH, { error: `must be at most ${PLAN_CUSTOM_MAX_LENGTH} characters` }),
    )
    .max(PLAN_CUSTOM_MAX_ITEMS, { error: `at most ${PLAN_CUSTOM_MAX_ITEMS} items` })
    .optional(),
  followUpDate: z
    .string()
    .refine(isValidDate, { error: 'must be a valid date YYYY-MM-DD' })
    .nullable()
    .optional(),
  reviewed: z.boolean().optional(),
});

export type PlanPatch = z.infer<typeof planPatchSchema>;

export function emptyPlan(): Plan {
  return { selected: [], custom: [], followUpDate: null, reviewed: false };
}

/** Merges a validated patch into a plan (absent fields keep their value). */
export function mergePlan(plan: Plan, patch: PlanPatch): Plan {
  return {
    selected: patch.selected ?? plan.selected,
    custom: patch.custom ?? plan.custom,
    followUpDate: patch.followUpDate !== undefined ? patch.followUpDate : plan.followUpDate,
    reviewed: patch.reviewed ?? plan.reviewed,
  };
}
