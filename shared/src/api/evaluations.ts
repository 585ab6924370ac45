import { z } from 'zod';
import type { AnswerChange } from '../workup/apply';
import { CAUTION_CODES, type Assessment } from '../workup/assess/types';
import { MEDICATION_FREQUENCY_CODES, MEDICATION_UNITS } from '../workup/medicines';
import { planPatchSchema, type Plan } from '../workup/plan';
import { listItems } from '../workup/items';
import { canMarkNotDone, NOT_DONE_REASON_MAX } from '../workup/not-done';
import type { AnswerMeta, Answers, StageId, WorkupDefinition } from '../workup/types';
import { codeRecord, date, id, int, isoTime, type Check, type Same } from './fields';
import { currentStageSchema, evaluationStatusSchema } from './patients';

/** Contracts of `/api/evaluations/…` and `POST /api/patients/:id/evaluations`. */

// --- requests -----------------------------------------------------------------------------------

/**
 * `POST /api/patients/:id/evaluations` (the draft is assigned to the caller). `carryForward` (default
 * true): pre-fill the stable history from the patient's latest signed evaluation
 * (shared/src/workup/carry-forward.ts).
 */
export const evaluationCreateSchema = z.strictObject({
  carryForward: z
    .boolean({ error: 'must be true or false' })
    .optional()
    .meta({
      description:
        'default true: pre-fill the stable history (criteria, course, onset, family history, comorbidities, ' +
        'medicines, substances, iron loss, current treatment from the last plan) from the latest signed ' +
        'evaluation, each marked answerMeta[code].carriedFrom until confirmed',
    }),
});
export type EvaluationCreateInput = z.infer<typeof evaluationCreateSchema>;

/**
 * `PATCH /api/evaluations/:id`. Answers and not-done marks are checked item by item by `applyAnswers`
 * against the evaluation's workup version (so the 422 can list every invalid item, unknown codes
 * such as `__proto__` or `constructor` included).
 */
export const evaluationPatchSchema = z.strictObject({
  answers: codeRecord(z.unknown()).optional(),
  notDone: codeRecord(z.unknown()).optional(),
  plan: planPatchSchema.optional(),
});
export type EvaluationPatchInput = z.infer<typeof evaluationPatchSchema>;

/**
 * The `notDone` of a save, item by item, for the OpenAPI document (the route takes any keys and
 * `applyAnswers` names each invalid one): every item that may be marked, a reason or null.
 */
export function notDonePatchSchema(workup: WorkupDefinition) {
  const shape: Record<string, z.ZodType> = {};
  for (const item of listItems(workup)) {
    if (!canMarkNotDone(item)) continue;
    shape[item.code] = z.string().trim().min(1).max(NOT_DONE_REASON_MAX).nullable().optional();
  }
  return z.strictObject(shape);
}

export const signSchema = z.strictObject({});
export type SignInput = z.infer<typeof signSchema>;

/** `DELETE /api/evaluations/:id` (discard a draft): no fields; the body may be left out. */
export const discardSchema = z.strictObject({});
export type DiscardInput = z.infer<typeof discardSchema>;

export const amendmentSchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, { error: 'a reason is required' })
    .max(2000, { error: 'reason must be at most 2000 characters' }),
});
export type AmendmentInput = z.infer<typeof amendmentSchema>;

export const assigneeSchema = z.strictObject({
  clinicianId: z.string().trim().min(1, { error: 'clinicianId is required' }),
});
export type AssigneeInput = z.infer<typeof assigneeSchema>;

// --- responses ----------------------------------------------------------------------------------

const answerValue = z.union([z.boolean(), z.string(), z.number(), z.array(z.string())]);

const stageRecord = <T extends z.ZodType>(value: T) =>
  z.object({ history: value, exam: value, labs: value, imaging: value });

const suggestionSchema = z.object({
  id: z.string(),
  label: z.string(),
  category: z.enum([
    'rls-therapy',
    'venous-care',
    'arterial-care',
    'lifestyle',
    'medication-review',
    'referral',
    'monitoring',
  ]),
  guideline: z.string(),
  strength: z.string(),
  note: z.string().optional(),
  cautions: z
    .array(z.object({ code: z.enum(CAUTION_CODES), text: z.string() }))
    .meta({ description: 'cautions shown beside the option (empty when none); docs/clinical-rules.md' }),
});

const findingSchema = z.object({
  code: z.string(),
  label: z.string(),
  text: z.string(),
  cause: z.enum([
    'iron',
    'renal',
    'metabolic',
    'neuro',
    'drugs',
    'sleep',
    'venous',
    'arterial',
    'diagnosis',
    'severity',
    'pregnancy',
    'hematology',
  ]),
  evidence: z.array(z.object({ code: z.string(), value: answerValue, display: z.string().optional() })),
  suggestions: z.array(suggestionSchema),
});

const pendingEntrySchema = z.object({
  code: z.string(),
  waitingFor: z.array(z.string()),
  reason: z.string(),
});

/** The result of `assess()` (shared/src/workup/assess), as stored and sent. */
export const assessmentSchema = z
  .object({
    findings: z.array(findingSchema),
    suppressed: z.array(z.object({ id: z.string(), label: z.string(), reason: z.string() })).meta({
      description:
        'options the triggers offered that the safety rules removed, with why (docs/clinical-rules.md)',
    }),
    followUp: z
      .object({ weeks: int, reason: z.string() })
      .nullable()
      .meta({ description: 'from plan.selected: IV iron 8 weeks, else oral iron 12 weeks, else null' }),
    pending: z
      .array(z.string())
      .meta({ description: 'item codes findings still wait for (never one marked not done)' }),
    pendingByStage: stageRecord(z.array(pendingEntrySchema)),
  })
  .meta({ id: 'Assessment' });

export const planMedicationViewSchema = z
  .object({
    id: z.string().meta({ description: 'a medicine option id (MEDICINE_OPTION_IDS), also in selected' }),
    dose: z.number().meta({ description: '> 0, in unit' }),
    unit: z.enum(MEDICATION_UNITS),
    frequency: z.enum(MEDICATION_FREQUENCY_CODES),
    startDate: date.nullable(),
  })
  .meta({ id: 'PlanMedication' });

export const planSchema = z
  .object({
    selected: z.array(z.string()),
    custom: z.array(z.string()),
    followUpDate: date.nullable(),
    reviewed: z.boolean(),
    medications: z
      .array(planMedicationViewSchema)
      .meta({ description: 'the treatment course: one line per selected medicine option' }),
  })
  .meta({ id: 'Plan' });

export const stageProgressSchema = z.object({
  answered: int.meta({ description: 'enabled items addressed: answered, or marked not done' }),
  total: int,
  /** ISO-UTC time of the first / last answer change in the stage, null before any. */
  firstAt: isoTime.nullable(),
  lastAt: isoTime.nullable(),
});
export type StageProgressDto = z.infer<typeof stageProgressSchema>;

export const amendmentRecordSchema = z.object({
  id,
  reason: z.string(),
  by: id.meta({ description: 'user id of who opened the amendment' }),
  at: isoTime,
  fromVersion: int.meta({ description: 'the signed version the amendment started from' }),
});
export type Amendment = z.infer<typeof amendmentRecordSchema>;

/** `GET /api/evaluations/:id`: the evaluation with the display names of the people it names. */
export const evaluationSchema = z
  .object({
    id,
    patientId: id,
    status: evaluationStatusSchema,
    workflowVersion: int,
    version: int.meta({ description: 'also the ETag ("<version>")' }),
    assigneeId: id,
    assigneeName: z.string().nullable(),
    currentStage: currentStageSchema,
    progress: stageRecord(stageProgressSchema),
    answers: z
      .record(z.string(), answerValue)
      .meta({ description: 'item code → canonical value (labs in their canonical unit)' }),
    answerMeta: z
      .record(
        z.string(),
        z.object({
          value: z.number().optional(),
          unit: z.string().optional(),
          notDone: z
            .string()
            .optional()
            .meta({ description: 'why the item was not done (never beside an answer)' }),
          carriedFrom: id
            .optional()
            .meta({ description: 'the evaluation a follow-up visit carried the answer from' }),
        }),
      )
      .meta({
        description:
          'per item: what was entered when its unit differs from the canonical one ({value, unit}), notDone, carriedFrom',
      }),
    plan: planSchema,
    assessment: assessmentSchema,
    signedAt: isoTime.nullable(),
    signedBy: id.nullable(),
    signedByName: z.string().nullable(),
    amendments: z.array(amendmentRecordSchema),
    startedAt: isoTime,
    startDate: z.string().meta({
      format: 'date',
      description:
        "YYYY-MM-DD of startedAt in the server time zone: the date the assessment judges the patient's age on",
    }),
    updatedAt: isoTime,
  })
  .meta({ id: 'Evaluation' });
export type EvaluationDto = z.infer<typeof evaluationSchema>;

export const answerChangeSchema = z.object({
  code: z
    .string()
    .meta({ description: 'item code, or plan.selected / plan.custom / plan.followUpDate / plan.reviewed' }),
  from: answerValue.nullable(),
  to: answerValue.nullable().meta({ description: 'equal to from when only the not-done mark changed' }),
  notDone: z.object({ from: z.string().nullable(), to: z.string().nullable() }).optional().meta({
    description:
      'present when the item’s not-done mark changed: its reason before and after (null: not marked)',
  }),
});

/** Lifecycle entries of an evaluation's history (saves carry no event; `discard`: a draft discarded). */
export const HISTORY_EVENTS = ['create', 'sign', 'amend', 'reassign', 'demographics', 'discard'] as const;
export type HistoryEvent = (typeof HISTORY_EVENTS)[number];

export const historyEntrySchema = z.object({
  version: int,
  at: isoTime,
  by: id.meta({ description: 'user id' }),
  byName: z.string().nullable(),
  changes: z.array(answerChangeSchema),
  event: z.enum(HISTORY_EVENTS).optional().meta({ description: 'lifecycle entries; absent on saves' }),
  reason: z.string().optional().meta({ description: 'amendments' }),
  carriedFrom: id
    .optional()
    .meta({ description: 'create: the signed evaluation a follow-up carried its first answers from' }),
  assignee: z
    .object({ fromId: id, fromName: z.string().nullable(), toId: id, toName: z.string().nullable() })
    .optional()
    .meta({ description: 'reassignments' }),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const historySchema = z
  .array(historyEntrySchema)
  .meta({ id: 'EvaluationHistory', description: 'one entry per version, oldest first' });

/** `POST /api/evaluations/:id/assignee`: no clinical content (administrators may reassign). */
export const assignmentSchema = z
  .object({
    id,
    status: evaluationStatusSchema,
    version: int,
    currentStage: currentStageSchema,
    assigneeId: id,
    assigneeName: z.string().nullable(),
    updatedAt: isoTime,
  })
  .meta({ id: 'Assignment', description: 'no clinical content (administrators may reassign)' });
export type AssignmentView = z.infer<typeof assignmentSchema>;

// The schemas above describe types the workup owns: the build fails when they drift apart.
export type EvaluationSchemasMatchWorkup = [
  Check<Same<z.infer<typeof assessmentSchema>, Assessment>>,
  Check<Same<z.infer<typeof planSchema>, Plan>>,
  Check<Same<z.infer<typeof answerChangeSchema>, AnswerChange>>,
  Check<Same<EvaluationDto['answers'], Answers>>,
  Check<Same<EvaluationDto['answerMeta'], AnswerMeta>>,
  Check<Same<EvaluationDto['progress'], Record<StageId, StageProgressDto>>>,
];
