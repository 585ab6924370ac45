import { z } from 'zod';
import { SEXES } from '../workup/types';
import { booleanParam, date, dateInput, id, int, intParam, isoTime, pageOf } from './fields';
import { CURRENT_STAGES, LISTED_STATUSES, WORKLIST_SORTS } from './query-values';

export { CURRENT_STAGES, LISTED_STATUSES, WORKLIST_SORTS };
export type { CurrentStage, ListedStatus, WorklistSort } from './query-values';

/** Contracts of `/api/patients` (worklist, patients, their evaluations) and `GET /api/clinicians`. */

/**
 * An evaluation's status. `discarded`: a draft that was never signed, thrown away by a clinician
 * (`DELETE /api/evaluations/:id`); it stays in the database and the audit trail but leaves the
 * worklist, the patient's evaluations and the open counts.
 */
export const EVALUATION_STATUSES = ['draft', 'amending', 'signed', 'discarded'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];
export const evaluationStatusSchema = z.enum(EVALUATION_STATUSES);
const listedStatusSchema = z.enum(LISTED_STATUSES);

export const currentStageSchema = z.enum(CURRENT_STAGES);

export const sexSchema = z.enum(SEXES, { error: `must be one of: ${SEXES.join(', ')}` });

// --- requests -----------------------------------------------------------------------------------

const patientFields = {
  mrn: z
    .string()
    .trim()
    .min(1, { error: 'MRN is required' })
    .max(32, { error: 'MRN must be at most 32 characters' })
    .regex(/^[A-Za-z0-9-]+$/, { error: 'MRN may contain only letters, digits and hyphens' }),
  name: z
    .string()
    .trim()
    .min(1, { error: 'name is required' })
    .max(200, { error: 'name must be at most 200 characters' }),
  /** Not in the future: checked by the server with its clock (`isFutureDate`). */
  birthDate: dateInput,
  sex: sexSchema,
};

export const patientCreateSchema = z.strictObject(patientFields);
export type PatientCreateInput = z.infer<typeof patientCreateSchema>;

export const patientPatchSchema = z
  .strictObject(patientFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'at least one field is required' });
export type PatientPatchInput = z.infer<typeof patientPatchSchema>;

/** `GET /api/patients` query string (all values arrive as strings). */
export const worklistQuerySchema = z.strictObject({
  query: z.string().trim().max(200).optional(),
  status: z.enum([...LISTED_STATUSES, 'none']).optional(),
  stage: z.enum(CURRENT_STAGES).optional(),
  assignee: z.string().trim().min(1).max(100).optional(),
  followUpDue: booleanParam.optional(),
  sort: z.enum(WORKLIST_SORTS).optional(),
  page: intParam(1, Number.MAX_SAFE_INTEGER, 1),
  pageSize: intParam(1, 100, 25),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;
export type WorklistQueryInput = z.input<typeof worklistQuerySchema>;

// --- responses ----------------------------------------------------------------------------------

export const clinicianSchema = z.object({ id, name: z.string() }).meta({ id: 'Clinician' });
export type Clinician = z.infer<typeof clinicianSchema>;
export const cliniciansSchema = z.array(clinicianSchema);

export const patientSchema = z
  .object({
    id,
    mrn: z.string(),
    name: z.string(),
    birthDate: date,
    sex: z.enum(SEXES),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Patient' });
export type Patient = z.infer<typeof patientSchema>;

export const worklistEvaluationSchema = z.object({
  id,
  status: listedStatusSchema,
  currentStage: currentStageSchema,
  assigneeId: id.nullable(),
  assigneeName: z.string().nullable(),
  followUpDate: date.nullable(),
  updatedAt: isoTime,
});
export type WorklistEvaluation = z.infer<typeof worklistEvaluationSchema>;

export const worklistItemSchema = patientSchema
  .pick({ id: true, mrn: true, name: true, birthDate: true, sex: true })
  .extend({
    evaluation: worklistEvaluationSchema
      .nullable()
      .meta({ description: 'the open evaluation, else the most recently started one; null without any' }),
  })
  .meta({ id: 'WorklistItem' });
export type WorklistItem = z.infer<typeof worklistItemSchema>;

export const worklistPageSchema = pageOf(worklistItemSchema).meta({ id: 'WorklistPage' });

/** One page of a list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Canonical key values of one evaluation, for comparing follow-ups (null = not answered). */
export const keyValuesSchema = z
  .object({
    ferritin: z.number().nullable().meta({ description: 'ng/mL' }),
    tsat: z.number().nullable().meta({ description: '%, entered or computed from iron/TIBC' }),
    irlsTotal: z.number().nullable().meta({ description: '0–40' }),
    abiLeft: z.number().nullable(),
    abiRight: z.number().nullable(),
  })
  .meta({ id: 'KeyValues' });
export type KeyValues = z.infer<typeof keyValuesSchema>;

/** One evaluation in `GET /api/patients/:id`. */
export const patientEvaluationSummarySchema = z.object({
  id,
  status: listedStatusSchema,
  workflowVersion: int,
  startedAt: isoTime,
  updatedAt: isoTime,
  signedAt: isoTime.nullable(),
  signedBy: id.nullable(),
  signedByName: z.string().nullable(),
  assigneeId: id,
  assigneeName: z.string().nullable(),
  currentStage: currentStageSchema,
  followUpDate: date.nullable(),
  keyValues: keyValuesSchema,
});
export type PatientEvaluationSummary = z.infer<typeof patientEvaluationSummarySchema>;

/**
 * What the next visit is for: the follow-up the patient's latest signed evaluation (by signedAt)
 * planned — its `plan.followUpDate` and its `assessment.followUp` (IV iron 8 weeks, oral iron 12).
 */
export const nextFollowUpSchema = z
  .object({
    evaluationId: id.meta({ description: 'the latest signed evaluation' }),
    date: date.nullable().meta({ description: 'its plan.followUpDate (null: no date planned)' }),
    due: z
      .boolean()
      .meta({ description: 'date is on or before today (server time zone); false without a date' }),
    weeks: int.nullable().meta({ description: 'assessment.followUp.weeks (null: no iron recheck due)' }),
    reason: z
      .string()
      .nullable()
      .meta({ description: 'assessment.followUp.reason: what the recheck is for' }),
  })
  .meta({ id: 'NextFollowUp' });
export type NextFollowUp = z.infer<typeof nextFollowUpSchema>;

/** `GET /api/patients/:id`: the patient with its evaluations, newest first (discarded drafts left out). */
export const patientDetailSchema = patientSchema
  .extend({
    version: int.meta({ description: 'also sent as ETag; optional If-Match on PATCH' }),
    evaluations: z.array(patientEvaluationSummarySchema),
    followUp: nextFollowUpSchema.nullable().meta({
      description:
        'from the latest signed evaluation: null without one, or when it planned neither a follow-up date nor an iron recheck',
    }),
  })
  .meta({ id: 'PatientDetail', description: 'evaluations newest first; discarded drafts are left out' });
export type PatientDetail = z.infer<typeof patientDetailSchema>;
