import { z } from 'zod';
import { dateOrTimeParam, int, intParam, isoTime, pageOf } from './fields';
import { AUDIT_OUTCOMES, AUDIT_PAGE_SIZE, AUDIT_SORT_KEYS, type AuditSortKey } from './query-values';

export { AUDIT_OUTCOMES, AUDIT_PAGE_SIZE, AUDIT_SORT_KEYS };
export type { AuditOutcome, AuditSortKey } from './query-values';

/** Contracts of `GET /api/audit` and `GET /api/audit.csv` (administrators). */

/** Every action the audit trail records (docs/decisions/012-audit-hash-chain.md). */
export const AUDIT_ACTIONS = [
  'session.login',
  'session.mfa',
  'session.logout',
  'session.expire',
  'patients.list',
  'patient.read',
  'patient.create',
  'patient.update',
  'evaluation.read',
  'evaluation.create',
  'evaluation.update',
  'evaluation.sign',
  'evaluation.amend',
  'evaluation.reassign',
  'evaluation.discard',
  'user.create',
  'user.update',
  'user.role-change',
  'user.enable',
  'user.disable',
  'user.reset-password',
  'user.mfa-reset',
  'account.password-change',
  'account.mfa-setup',
  'account.mfa-enable',
  'account.mfa-disable',
  'account.recovery-codes',
  'audit.export',
  'audit.chain-keyed',
  'secrets.rotate',
  'demo.seed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SORTS = AUDIT_SORT_KEYS.flatMap((k) => [k, `-${k}`] as const);
export type AuditSort = AuditSortKey | `-${AuditSortKey}`;

/** Pages past this are refused (422): the offset stays a safe integer for the database. */
const AUDIT_MAX_PAGE = 1_000_000;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/**
 * The report's filters, sort and page. `from`/`to` are inclusive dates in the server time zone, or
 * full ISO timestamps.
 */
export const auditQuerySchema = z.strictObject({
  from: dateOrTimeParam.optional(),
  to: dateOrTimeParam.optional(),
  /** Username or user id. */
  user: optionalText,
  /** Patient id (an opaque UUID: not PHI). */
  patient: optionalText,
  /** An action (`session.login`), or a prefix ending in `*` (`session.*`). */
  action: optionalText,
  category: optionalText,
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  sort: z
    .enum(AUDIT_SORTS as [AuditSort, ...AuditSort[]], { message: `must be one of ${AUDIT_SORTS.join(', ')}` })
    .default('-seq'),
  page: intParam(1, AUDIT_MAX_PAGE, 1),
  pageSize: intParam(1, 500, AUDIT_PAGE_SIZE),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
export type AuditQueryInput = z.input<typeof auditQuerySchema>;

/** One record of the audit trail. */
export const auditRecordSchema = z
  .object({
    seq: int,
    at: isoTime,
    userId: z.string().nullable(),
    username: z.string().nullable(),
    role: z.string().nullable(),
    patientId: z.string().nullable(),
    action: z.string().meta({ description: 'one of the recorded actions, e.g. session.login' }),
    category: z.string().nullable(),
    outcome: z.enum(AUDIT_OUTCOMES),
    entity: z.string().nullable(),
    entityId: z.string().nullable(),
    beforeVersion: int.nullable(),
    afterVersion: int.nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditRecord' });
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditPageSchema = pageOf(auditRecordSchema).meta({ id: 'AuditPage' });
export type AuditPage = z.infer<typeof auditPageSchema>;
