import { z } from 'zod';
import { isValidDate } from '../dates';
import { planPatchSchema } from '../workup/plan';
import { SEXES } from '../workup/types';

const dateString = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .refine(isValidDate, { error: 'must be a valid date YYYY-MM-DD' });

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1, { error: 'username is required' }).max(100),
  password: z.string().min(1, { error: 'password is required' }).max(1000),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const sexSchema = z.enum(SEXES, { error: `must be one of: ${SEXES.join(', ')}` });

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
  birthDate: dateString,
  sex: sexSchema,
};

export const patientCreateSchema = z.strictObject(patientFields);
export type PatientCreateInput = z.infer<typeof patientCreateSchema>;

export const patientPatchSchema = z
  .strictObject(patientFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'at least one field is required' });
export type PatientPatchInput = z.infer<typeof patientPatchSchema>;

/**
 * `PATCH /api/evaluations/:id`. Answer values are checked item by item by `applyAnswers` against the
 * evaluation's workflow version (so the 422 can list every invalid item).
 */
export const evaluationPatchSchema = z.strictObject({
  answers: z.record(z.string(), z.unknown()).optional(),
  plan: planPatchSchema.optional(),
});
export type EvaluationPatchInput = z.infer<typeof evaluationPatchSchema>;

export const signSchema = z.strictObject({});
export type SignInput = z.infer<typeof signSchema>;

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

export const WORKLIST_SORTS = [
  'name',
  '-name',
  'mrn',
  '-mrn',
  'updated',
  '-updated',
  'followUp',
  '-followUp',
  'status',
  '-status',
] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

const booleanParam = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])], { error: "must be 'true' or 'false'" })
  .transform((v) => v === true || v === 'true' || v === '1');

const intParam = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);

/** `GET /api/patients` query string (all values arrive as strings). */
export const worklistQuerySchema = z.strictObject({
  query: z.string().trim().max(200).optional(),
  status: z.enum(['draft', 'amending', 'signed', 'none']).optional(),
  stage: z.enum(['history', 'exam', 'labs', 'imaging', 'signed']).optional(),
  assignee: z.string().trim().min(1).max(100).optional(),
  followUpDue: booleanParam.optional(),
  sort: z.enum(WORKLIST_SORTS).optional(),
  page: intParam(1, Number.MAX_SAFE_INTEGER, 1),
  pageSize: intParam(1, 100, 25),
});
export type WorklistQuery = z.infer<typeof worklistQuerySchema>;
export type WorklistQueryInput = z.input<typeof worklistQuerySchema>;

export interface InvalidField {
  /** Dotted path of the field (e.g. `mrn`, `plan.custom.2`), or `(body)` for the whole body. */
  code: string;
  reason: string;
}

/** Maps zod issues to `[{ code: <field path>, reason }]` so a 4xx names the field. */
export function zodIssuesToItems(error: z.ZodError): InvalidField[] {
  const items: InvalidField[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        items.push({ code: [...issue.path, key].map(String).join('.'), reason: 'unknown field' });
      }
      continue;
    }
    items.push({
      code: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
      reason: issue.message,
    });
  }
  return items;
}
