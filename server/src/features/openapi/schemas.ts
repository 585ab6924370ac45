import {
  CAUTION_CODES,
  SEXES,
  STAGE_IDS,
  type Clinician,
  type Page,
  type Patient,
  type WorklistItem,
} from '@rls/shared';
import { z } from 'zod';
import type { EvaluationView } from '../evaluations/model';
import type { AssignmentView, HistoryEntry } from '../evaluations/service';
import type { PatientDetail } from '../patients/service';

/**
 * Zod schemas of the RESPONSES, for the OpenAPI document only (request schemas come from
 * @rls/shared, the ones the routes parse with). The compile-time checks at the bottom fail the
 * build when a response type drifts from its documented schema.
 */

const isoTime = z.string().meta({ format: 'date-time', description: 'ISO-8601 UTC' });
const date = z.string().meta({ format: 'date', description: 'YYYY-MM-DD' });
const id = z.string().meta({ description: 'UUID' });
const status = z.enum(['draft', 'amending', 'signed']);
const currentStage = z.enum([...STAGE_IDS, 'signed']);
const answerValue = z.union([z.boolean(), z.string(), z.number(), z.array(z.string())]);

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'stable machine code, e.g. stale, signed, duplicate_mrn' }),
      message: z.string().meta({ description: 'what went wrong, for a person' }),
      details: z
        .object({
          items: z
            .array(z.object({ code: z.string(), reason: z.string() }))
            .optional()
            .meta({ description: '422: every invalid item code or field path with its reason' }),
        })
        .catchall(z.unknown())
        .optional(),
    }),
  })
  .meta({ id: 'Error' });

export const userSchema = z
  .object({ id, username: z.string(), name: z.string(), role: z.enum(['clinician', 'admin']) })
  .meta({ id: 'SessionUser' });

export const sessionSchema = z
  .object({ user: userSchema, csrfToken: z.string() })
  .meta({ id: 'Session', description: 'Send csrfToken as X-CSRF-Token on every state-changing call.' });

export const clinicianSchema = z.object({ id, name: z.string() }).meta({ id: 'Clinician' });

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

export const worklistItemSchema = patientSchema
  .pick({ id: true, mrn: true, name: true, birthDate: true, sex: true })
  .extend({
    evaluation: z
      .object({
        id,
        status,
        currentStage,
        assigneeId: id.nullable(),
        assigneeName: z.string().nullable(),
        followUpDate: date.nullable(),
        updatedAt: isoTime,
      })
      .nullable()
      .meta({ description: 'the open evaluation, else the most recently started one; null without any' }),
  })
  .meta({ id: 'WorklistItem' });

export const worklistPageSchema = z
  .object({
    items: z.array(worklistItemSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .meta({ id: 'WorklistPage' });

const keyValuesSchema = z
  .object({
    ferritin: z.number().nullable().meta({ description: 'ng/mL' }),
    tsat: z.number().nullable().meta({ description: '%, entered or computed from iron/TIBC' }),
    irlsTotal: z.number().nullable(),
    abiLeft: z.number().nullable(),
    abiRight: z.number().nullable(),
  })
  .meta({ id: 'KeyValues' });

export const patientDetailSchema = patientSchema
  .extend({
    version: z.number().int().meta({ description: 'also sent as ETag; optional If-Match on PATCH' }),
    evaluations: z.array(
      z.object({
        id,
        status,
        workflowVersion: z.number().int(),
        startedAt: isoTime,
        updatedAt: isoTime,
        signedAt: isoTime.nullable(),
        signedBy: id.nullable(),
        signedByName: z.string().nullable(),
        assigneeId: id,
        assigneeName: z.string().nullable(),
        currentStage,
        followUpDate: date.nullable(),
        keyValues: keyValuesSchema,
      }),
    ),
  })
  .meta({ id: 'PatientDetail', description: 'evaluations newest first' });

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
    .meta({ description: 'SPEC §2b cautions shown beside the option (empty when none)' }),
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

const stageRecord = <T extends z.ZodType>(value: T) =>
  z.object({ history: value, exam: value, labs: value, imaging: value });

export const assessmentSchema = z
  .object({
    findings: z.array(findingSchema),
    suppressed: z.array(z.object({ id: z.string(), label: z.string(), reason: z.string() })).meta({
      description: 'options the triggers offered that the safety rules removed, with why (SPEC §2b)',
    }),
    followUp: z
      .object({ weeks: z.number().int(), reason: z.string() })
      .nullable()
      .meta({ description: 'from plan.selected: IV iron 8 weeks, else oral iron 12 weeks, else null' }),
    pending: z.array(z.string()).meta({ description: 'item codes findings still wait for' }),
    pendingByStage: stageRecord(z.array(pendingEntrySchema)),
  })
  .meta({ id: 'Assessment' });

export const planSchema = z
  .object({
    selected: z.array(z.string()),
    custom: z.array(z.string()),
    followUpDate: date.nullable(),
    reviewed: z.boolean(),
  })
  .meta({ id: 'Plan' });

export const evaluationSchema = z
  .object({
    id,
    patientId: id,
    status,
    workflowVersion: z.number().int(),
    version: z.number().int().meta({ description: 'also the ETag ("<version>")' }),
    assigneeId: id,
    assigneeName: z.string().nullable(),
    currentStage,
    progress: stageRecord(
      z.object({
        answered: z.number().int(),
        total: z.number().int(),
        firstAt: isoTime.nullable(),
        lastAt: isoTime.nullable(),
      }),
    ),
    answers: z
      .record(z.string(), answerValue)
      .meta({ description: 'item code → canonical value (labs in their canonical unit)' }),
    answerMeta: z
      .record(z.string(), z.object({ value: z.number(), unit: z.string() }))
      .meta({ description: 'what was entered, when its unit differs from the canonical one' }),
    plan: planSchema,
    assessment: assessmentSchema,
    signedAt: isoTime.nullable(),
    signedBy: id.nullable(),
    signedByName: z.string().nullable(),
    amendments: z.array(
      z.object({ id, reason: z.string(), by: id, at: isoTime, fromVersion: z.number().int() }),
    ),
    startedAt: isoTime,
    startDate: z.string().meta({
      format: 'date',
      description:
        "YYYY-MM-DD of startedAt in the server time zone: the date the assessment judges the patient's age on",
    }),
    updatedAt: isoTime,
  })
  .meta({ id: 'Evaluation' });

const answerChangeSchema = z.object({
  code: z.string(),
  from: answerValue.nullable(),
  to: answerValue.nullable(),
});

export const historySchema = z
  .array(
    z.object({
      version: z.number().int(),
      at: isoTime,
      by: id,
      byName: z.string().nullable(),
      changes: z.array(answerChangeSchema),
      event: z
        .enum(['create', 'sign', 'amend', 'reassign', 'demographics'])
        .optional()
        .meta({ description: 'lifecycle entries; absent on saves' }),
      reason: z.string().optional().meta({ description: 'amendments' }),
      assignee: z
        .object({ fromId: id, fromName: z.string().nullable(), toId: id, toName: z.string().nullable() })
        .optional()
        .meta({ description: 'reassignments' }),
    }),
  )
  .meta({ id: 'EvaluationHistory', description: 'one entry per version, oldest first' });

export const assignmentSchema = z
  .object({
    id,
    status,
    version: z.number().int(),
    currentStage,
    assigneeId: id,
    assigneeName: z.string().nullable(),
    updatedAt: isoTime,
  })
  .meta({ id: 'Assignment', description: 'no clinical content (administrators may reassign)' });

const itemSchema = z
  .object({
    code: z.string(),
    label: z.string(),
    help: z.string().optional(),
    type: z.enum(['boolean', 'choice', 'multi', 'integer', 'number', 'date', 'text']),
    options: z.array(z.object({ code: z.string(), label: z.string() })).optional(),
    unit: z.string().optional().meta({ description: 'UCUM code of the canonical unit' }),
    alternateUnits: z
      .array(
        z.object({
          unit: z.string(),
          multiply: z.number().optional(),
          divide: z.number().optional(),
          add: z.number().optional(),
        }),
      )
      .optional(),
    range: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
    decimals: z.number().int().optional(),
    maxLength: z.number().int().optional(),
    loinc: z.string().optional(),
    referenceRange: z
      .object({ low: z.number().optional(), high: z.number().optional(), text: z.string().optional() })
      .optional(),
    sides: z.array(z.enum(['left', 'right'])).optional(),
    enableWhen: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: '{item, op, value} | {patient:"sex", op, value} | {allOf:[…]} | {anyOf:[…]}' }),
    requiredForSign: z.boolean().optional(),
  })
  .meta({ id: 'WorkupItem' });

export const workflowSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    stages: z.array(
      z.object({
        id: z.enum(STAGE_IDS),
        label: z.string(),
        help: z.string().optional(),
        groups: z.array(
          z.object({
            id: z.string(),
            label: z.string(),
            help: z.string().optional(),
            layout: z.enum(['list', 'bilateral', 'duplex-grid']),
            enableWhen: z.record(z.string(), z.unknown()).optional(),
            items: z.array(itemSchema),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'WorkupDefinition' });

// --- drift checks: each documented schema must describe the type the code returns ----------------
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
export type DocumentedTypesMatch = [
  Check<Same<z.infer<typeof patientSchema>, Patient>>,
  Check<Same<z.infer<typeof clinicianSchema>, Clinician>>,
  Check<Same<z.infer<typeof worklistPageSchema>, Page<WorklistItem>>>,
  Check<Same<z.infer<typeof patientDetailSchema>, PatientDetail>>,
  Check<Same<z.infer<typeof evaluationSchema>, EvaluationView>>,
  Check<Same<z.infer<typeof historySchema>, HistoryEntry[]>>,
  Check<Same<z.infer<typeof assignmentSchema>, AssignmentView>>,
];
