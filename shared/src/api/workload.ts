import { z } from 'zod';
import { date, dateParam, id, int, intParam, isoTime, pageOf } from './fields';
import { evaluationStatusSchema } from './patients';
import { DRILL_KINDS, LISTED_STATUSES } from './query-values';

export { DRILL_KINDS };
export type { DrillKind } from './query-values';

/**
 * Contracts of `GET /api/workload` and `GET /api/workload/evaluations` (administrators only).
 * Minimum necessary: clinician ids and names, evaluation ids, states and times — never a patient's
 * name, MRN, birth date, answers or assessment.
 */

// --- requests -----------------------------------------------------------------------------------

const clinician = z.string().trim().min(1, { error: 'must be a user id' }).max(100).optional();

/** `GET /api/workload`: inclusive dates in the server time zone; default the last 12 weeks. */
export const workloadQuerySchema = z.strictObject({
  from: dateParam.optional(),
  to: dateParam.optional(),
  clinician,
});
export type WorkloadQuery = z.infer<typeof workloadQuerySchema>;
export type WorkloadQueryInput = z.input<typeof workloadQuerySchema>;

export const DRILL_PAGE_SIZE = 50;
export const DRILL_MAX_PAGE_SIZE = 500;

/** `GET /api/workload/evaluations`. */
export const drillQuerySchema = z.strictObject({
  kind: z.enum(DRILL_KINDS, { error: `must be one of: ${DRILL_KINDS.join(', ')}` }),
  status: z.enum(LISTED_STATUSES, { error: 'must be draft, amending or signed' }).optional(),
  stage: z.string().trim().min(1).max(40).optional(),
  finding: z.string().trim().min(1).max(80).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
  clinician,
  page: intParam(1, 1_000_000, 1),
  pageSize: intParam(1, DRILL_MAX_PAGE_SIZE, DRILL_PAGE_SIZE),
});
export type DrillQuery = z.infer<typeof drillQuerySchema>;
export type DrillQueryInput = z.input<typeof drillQuerySchema>;

// --- responses ----------------------------------------------------------------------------------

const hours = z.number().nullable();

export const percentilesSchema = z
  .object({
    count: int.meta({ description: 'how many durations the percentiles are taken over' }),
    median: hours.meta({ description: 'hours, nearest-rank over fixed buckets; null when count is 0' }),
    p90: hours,
  })
  .meta({ id: 'Percentiles' });
export type Percentiles = z.infer<typeof percentilesSchema>;

export const stageHoursSchema = z
  .object({ history: hours, exam: hours, labs: hours, imaging: hours })
  .meta({ id: 'StageHours', description: 'hours per stage; null without data' });
export type StageHours = z.infer<typeof stageHoursSchema>;
/** The stages whose answering time is measured. */
export type TimedStage = keyof StageHours;

export const clinicianWorkloadSchema = z.object({
  id,
  name: z.string(),
  open: int.meta({ description: 'open (draft + amending) evaluations assigned now' }),
  overdue: int,
  started: int.meta({ description: 'evaluations started in the period that are assigned to them now' }),
  signed: int.meta({ description: 'evaluations signed in the period (and still signed)' }),
  hoursToSign: percentilesSchema,
  stageMedianHours: stageHoursSchema.meta({
    description: 'median hours from first to last answer change of each stage, over the evaluations signed',
  }),
});
export type ClinicianWorkload = z.infer<typeof clinicianWorkloadSchema>;

export const weekCountSchema = z.object({
  weekStart: date.meta({ description: 'Monday of the ISO week' }),
  from: date.meta({ description: 'the part of the week inside the period (inclusive)' }),
  to: date,
  started: int,
  signed: int,
});
export type WeekCount = z.infer<typeof weekCountSchema>;

export const followUpWeekSchema = z.object({ from: date, to: date, count: int });
export type FollowUpWeek = z.infer<typeof followUpWeekSchema>;

export const workloadSummarySchema = z
  .object({
    period: z.object({ from: date, to: date, timeZone: z.string(), clinicianId: id.nullable() }),
    asOf: isoTime.meta({ description: 'the server’s "now" the clock-dependent figures were computed at' }),
    today: date,
    overdueDays: int,
    byStatus: z.object({ draft: int, amending: int, signed: int }).meta({
      description:
        'every evaluation by its current status (not limited to the period); discarded drafts are not counted',
    }),
    open: int.meta({ description: 'draft + amending' }),
    overdue: int.meta({ description: 'open and unchanged for more than overdueDays days' }),
    startedInPeriod: int.meta({ description: 'evaluations started in the period (discarded drafts too)' }),
    signedInPeriod: int,
    hoursToSign: percentilesSchema,
    stageMedianHours: stageHoursSchema,
    openByStage: z
      .array(z.object({ stage: z.string(), count: int }))
      .meta({ description: 'open evaluations by the stage they wait in; history…imaging always present' }),
    clinicians: z.array(clinicianWorkloadSchema),
    weekly: z.array(weekCountSchema),
    followUps: z
      .object({ weeks: int, from: date, to: date, total: int, byWeek: z.array(followUpWeekSchema) })
      .meta({ description: 'plan follow-up dates in each of the next weeks, from today' }),
    signDurationHistogram: z
      .array(z.object({ fromHours: z.number(), toHours: z.number().nullable(), count: int }))
      .meta({ description: 'time from start to sign-off of the evaluations signed in the period' }),
    findings: z
      .array(z.object({ code: z.string(), label: z.string(), count: int }))
      .meta({ description: 'findings among the evaluations signed in the period: counts only' }),
  })
  .meta({ id: 'WorkloadSummary' });
export type WorkloadSummary = z.infer<typeof workloadSummarySchema>;

export const workloadEvaluationRowSchema = z.object({
  id,
  clinician: z.object({ id, name: z.string().nullable() }),
  status: evaluationStatusSchema,
  stage: z.string(),
  startedAt: isoTime,
  updatedAt: isoTime.meta({ description: 'last change of any kind' }),
  signedAt: isoTime.nullable(),
  followUpDate: date.nullable(),
  ageDays: z.number().meta({ description: 'days since started (one decimal), by the server clock' }),
  idleDays: z.number().meta({ description: 'days since the last change (one decimal)' }),
  hoursToSign: z.number().nullable().meta({ description: 'start → sign-off in hours; null unless signed' }),
  stageHours: stageHoursSchema,
});
export type WorkloadEvaluationRow = z.infer<typeof workloadEvaluationRowSchema>;

export const workloadEvaluationPageSchema = pageOf(workloadEvaluationRowSchema)
  .extend({
    filter: z
      .object({
        kind: z.enum(DRILL_KINDS),
        status: z.enum(LISTED_STATUSES).optional(),
        stage: z.string().optional(),
        finding: z.string().optional(),
        from: date.optional(),
        to: date.optional(),
        clinicianId: id.nullable(),
      })
      .meta({ description: 'the list’s resolved filter (defaults applied), for its heading' }),
  })
  .meta({ id: 'WorkloadEvaluationPage' });
export type WorkloadEvaluationPage = z.infer<typeof workloadEvaluationPageSchema>;
