import { z } from 'zod';
import { isValidDate } from '../dates';
import {
  MEDICATION_FREQUENCY_CODES,
  MEDICATION_UNITS,
  MEDICINE_OPTION_IDS,
  MEDICINE_OPTIONS,
  type MedicationFrequency,
  type MedicationUnit,
} from './medicines';

/**
 * One line of the treatment course: a selected medicine option (`MEDICINE_OPTIONS`) with its dose,
 * unit, frequency and start date. The next visit reads it as the current treatment (carry-forward.ts).
 */
export interface PlanMedication {
  /** A medicine option id that is also in `plan.selected`. */
  id: string;
  /** > 0, in `unit`. */
  dose: number;
  unit: MedicationUnit;
  frequency: MedicationFrequency;
  /** YYYY-MM-DD, or null when not set. */
  startDate: string | null;
}

export interface Plan {
  /** Ids of the assessment suggestions the clinician ticked. */
  selected: string[];
  /** Free-text plan items. */
  custom: string[];
  /** YYYY-MM-DD */
  followUpDate: string | null;
  reviewed: boolean;
  /** The treatment course: one line per selected medicine option (at most one each). */
  medications: PlanMedication[];
}

export const PLAN_CUSTOM_MAX_ITEMS = 50;
export const PLAN_CUSTOM_MAX_LENGTH = 500;
export const PLAN_MEDICATIONS_MAX = 50;
/** Upper bound of a dose in any unit (a typing guard, not a clinical limit). */
export const MEDICATION_DOSE_MAX = 100000;

const dateField = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .refine(isValidDate, { error: 'must be a valid date YYYY-MM-DD' });

/** One course line of a plan patch (`startDate` may be left out: null). */
export const planMedicationSchema = z.strictObject({
  id: z.enum(MEDICINE_OPTION_IDS, { error: 'must be the id of a medicine option' }),
  dose: z
    .number({ error: 'must be a number' })
    .positive({ error: 'must be greater than 0' })
    .max(MEDICATION_DOSE_MAX, { error: `must be at most ${MEDICATION_DOSE_MAX}` }),
  unit: z.enum(MEDICATION_UNITS, { error: `must be one of: ${MEDICATION_UNITS.join(', ')}` }),
  frequency: z.enum(MEDICATION_FREQUENCY_CODES, {
    error: `must be one of: ${MEDICATION_FREQUENCY_CODES.join(', ')}`,
  }),
  startDate: dateField.nullable().optional(),
});
export type PlanMedicationInput = z.infer<typeof planMedicationSchema>;

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
  followUpDate: dateField.nullable().optional(),
  reviewed: z.boolean().optional(),
  medications: z
    .array(planMedicationSchema)
    .max(PLAN_MEDICATIONS_MAX, { error: `at most ${PLAN_MEDICATIONS_MAX} items` })
    .refine((v) => new Set(v.map((m) => m.id)).size === v.length, {
      error: 'must not list a medicine twice',
    })
    .optional()
    .meta({
      description:
        'the treatment course, replacing the stored one: each id a medicine option that is in plan.selected ' +
        '(after this patch), with dose > 0, unit, frequency and startDate (YYYY-MM-DD or null)',
    }),
});

export type PlanPatch = z.infer<typeof planPatchSchema>;

export function emptyPlan(): Plan {
  return { selected: [], custom: [], followUpDate: null, reviewed: false, medications: [] };
}

/**
 * What is wrong with the course lines of a patch against the plan's selected options after the
 * patch (`selected`): each id must be selected, and its unit one the medicine is given in. Codes
 * name the field (`plan.medications.<i>.id`, `.unit`), as the 422 of the PATCH does.
 */
export function medicationIssues(
  selected: readonly string[],
  medications: readonly Pick<PlanMedicationInput, 'id' | 'unit'>[],
): Array<{ code: string; reason: string }> {
  const chosen = new Set(selected);
  return medications.flatMap((m, i) => {
    if (!chosen.has(m.id)) {
      return [{ code: `plan.medications.${i}.id`, reason: `"${m.id}" is not selected in the plan` }];
    }
    const units = MEDICINE_OPTIONS[m.id]?.units ?? [];
    if (!units.includes(m.unit)) {
      return [{ code: `plan.medications.${i}.unit`, reason: `must be one of: ${units.join(', ')}` }];
    }
    return [];
  });
}

/**
 * Merges a validated patch into a plan (absent fields keep their value). Course lines whose option
 * is no longer selected are dropped: deselecting a medicine ends its line.
 */
export function mergePlan(plan: Plan, patch: PlanPatch): Plan {
  const selected = patch.selected ?? plan.selected;
  const chosen = new Set(selected);
  const medications = (
    patch.medications?.map(({ id, dose, unit, frequency, startDate }) => ({
      id,
      dose,
      unit,
      frequency,
      startDate: startDate ?? null,
    })) ??
    plan.medications ??
    []
  ).filter((m) => chosen.has(m.id));
  return {
    selected,
    custom: patch.custom ?? plan.custom,
    followUpDate: patch.followUpDate !== undefined ? patch.followUpDate : plan.followUpDate,
    reviewed: patch.reviewed ?? plan.reviewed,
    medications,
  };
}

/** A plan as stored by any release (before the treatment course, without `medications`). */
export function normalisePlan(stored: Omit<Plan, 'medications'> & { medications?: PlanMedication[] }): Plan {
  return { ...stored, medications: stored.medications ?? [] };
}
