import { isValidDate } from '@rls/shared';
import { z } from 'zod';

/** Query strings of the workload endpoints (values arrive as strings; unknown parameters are a 422). */

const date = z
  .string({ error: 'must be a date YYYY-MM-DD' })
  .trim()
  .refine(isValidDate, { error: 'must be a valid date YYYY-MM-DD' })
  .optional();

const clinician = z.string().trim().min(1, { error: 'must be a user id' }).max(100).optional();

export const workloadQuerySchema = z.strictObject({ from: date, to: date, clinician });
export type WorkloadQuery = z.infer<typeof workloadQuerySchema>;

export const DRILL_KINDS = [
  'status',
  'open',
  'overdue',
  'stage',
  'clinician',
  'started',
  'signed',
  'followup',
  'finding',
] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

const intParam = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(fallback);

export const DRILL_PAGE_SIZE = 50;
export const DRILL_MAX_PAGE_SIZE = 500;

export const drillQuerySchema = z.strictObject({
  kind: z.enum(DRILL_KINDS, { error: `must be one of: ${DRILL_KINDS.join(', ')}` }),
  status: z.enum(['draft', 'amending', 'signed'], { error: 'must be draft, amending or signed' }).optional(),
  stage: z.string().trim().min(1).max(40).optional(),
  finding: z.string().trim().min(1).max(80).optional(),
  from: date,
  to: date,
  clinician,
  page: intParam(1, 1_000_000, 1),
  pageSize: intParam(1, DRILL_MAX_PAGE_SIZE, DRILL_PAGE_SIZE),
});
export type DrillQuery = z.infer<typeof drillQuerySchema>;
