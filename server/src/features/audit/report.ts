import { sql, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { escapeLike, fromJson } from '../../db/dialect';
import type { AuditLogRow, Database } from '../../db/schema';

/**
 * The administrators' audit report (issue 9): filters, sort by any column, pages, CSV.
 * `from`/`to` are inclusive dates in the server time zone (TZ), or full ISO timestamps.
 */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const dateOrTime = z
  .string()
  .trim()
  .refine((v) => (DAY.test(v) ? !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) : !Number.isNaN(Date.parse(v))), {
    message: 'must be a date (YYYY-MM-DD) or an ISO date-time',
  });

export const AUDIT_SORT_COLUMNS = {
  seq: 'seq',
  at: 'at',
  user: 'username',
  role: 'role',
  patient: 'patient_id',
  action: 'action',
  category: 'category',
  outcome: 'outcome',
  entity: 'entity_id',
} as const;
type SortKey = keyof typeof AUDIT_SORT_COLUMNS;
const SORT_VALUES = Object.keys(AUDIT_SORT_COLUMNS).flatMap((k) => [k, `-${k}`]) as [string, ...string[]];

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const auditQuerySchema = z.strictObject({
  from: dateOrTime.optional(),
  to: dateOrTime.optional(),
  /** Username or user id. */
  user: optionalText,
  /** Patient id (an opaque UUID: not PHI). */
  patient: optionalText,
  /** An action (`session.login`), or a prefix ending in `*` (`session.*`). */
  action: optionalText,
  category: optionalText,
  outcome: z.enum(['success', 'failure']).optional(),
  sort: z.enum(SORT_VALUES, { message: `must be one of ${SORT_VALUES.join(', ')}` }).default('-seq'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export type AuditQuery = z.output<typeof auditQuerySchema>;

export interface AuditRecord {
  seq: number;
  at: string;
  userId: string | null;
  username: string | null;
  role: string | null;
  patientId: string | null;
  action: string;
  category: string | null;
  outcome: 'success' | 'failure';
  entity: string | null;
  entityId: string | null;
  beforeVersion: number | null;
  afterVersion: number | null;
  detail: Record<string, unknown> | null;
}

export function toAuditRecord(row: AuditLogRow): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    userId: row.user_id,
    username: row.username,
    role: row.role,
    patientId: row.patient_id,
    action: row.action,
    category: row.category,
    outcome: row.outcome,
    entity: row.entity,
    entityId: row.entity_id,
    beforeVersion: row.before_version === null ? null : Number(row.before_version),
    afterVersion: row.after_version === null ? null : Number(row.after_version),
    detail: fromJson<Record<string, unknown> | null>(row.detail, null),
  };
}

/** The UTC instant at which `day` (YYYY-MM-DD) begins in time zone `tz`. */
export function startOfDayIn(day: string, tz: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const offsetAt = (ms: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const asUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    return asUtc - ms;
  };
  let result = guess - offsetAt(guess);
  result = guess - offsetAt(result); // once more across a DST change
  return new Date(result);
}

function bound(value: string, tz: string, end: boolean): string {
  if (!DAY.test(value)) return new Date(value).toISOString();
  const start = startOfDayIn(value, tz);
  if (!end) return start.toISOString();
  const next = new Date(start.getTime() + 36 * 60 * 60_000).toISOString().slice(0, 10); // a day later, DST-safe
  return startOfDayIn(next, tz).toISOString();
}

type AuditSelect = SelectQueryBuilder<Database, 'audit_log', object>;

function filtered(db: Kysely<Database>, q: AuditQuery, tz: string): AuditSelect {
  let query: AuditSelect = db.selectFrom('audit_log');
  if (q.from) query = query.where('at', '>=', bound(q.from, tz, false));
  if (q.to) {
    // A date is inclusive (up to the next day's start); a date-time is an inclusive instant.
    query = DAY.test(q.to)
      ? query.where('at', '<', bound(q.to, tz, true))
      : query.where('at', '<=', bound(q.to, tz, true));
  }
  if (q.user) {
    const user = q.user;
    query = query.where((eb) => eb.or([eb('user_id', '=', user), eb('username', '=', user.toLowerCase())]));
  }
  if (q.patient) query = query.where('patient_id', '=', q.patient);
  if (q.category) query = query.where('category', '=', q.category);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.action) {
    if (q.action.endsWith('*')) {
      const pattern = `${escapeLike(q.action.slice(0, -1).toLowerCase())}%`;
      query = query.where(sql<SqlBool>`action like ${pattern} escape '\\'`);
    } else {
      query = query.where('action', '=', q.action);
    }
  }
  return query;
}

function sorted(query: AuditSelect, sort: string) {
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as SortKey;
  const column = AUDIT_SORT_COLUMNS[key];
  let q = query.selectAll();
  if (column !== 'seq') q = q.orderBy(column, desc ? 'desc' : 'asc');
  // seq breaks ties, so pages never overlap or skip.
  return q.orderBy('seq', desc ? 'desc' : 'asc');
}

export interface AuditPage {
  items: AuditRecord[];
  total: number;
  page: number;
  pageSize: number;
}

export async function auditPage(ctx: AppContext, q: AuditQuery): Promise<AuditPage> {
  const base = filtered(ctx.db, q, ctx.config.tz);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await sorted(base, q.sort)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { items: rows.map(toAuditRecord), total: Number(count.n), page: q.page, pageSize: q.pageSize };
}

/** Every matching row, in report order, `chunk` at a time (for the CSV export). */
export async function* auditRows(
  ctx: AppContext,
  q: AuditQuery,
  chunk = 1000,
): AsyncGenerator<AuditLogRow[]> {
  const query = sorted(filtered(ctx.db, q, ctx.config.tz), q.sort);
  for (let offset = 0; ; offset += chunk) {
    const rows = await query.limit(chunk).offset(offset).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < chunk) return;
  }
}

// --- CSV ------------------------------------------------------------------------------------------

export const CSV_COLUMNS = [
  'seq',
  'at',
  'user_id',
  'username',
  'role',
  'patient_id',
  'action',
  'category',
  'outcome',
  'entity',
  'entity_id',
  'before_version',
  'after_version',
  'detail',
  'hash',
] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A value that a
 * spreadsheet would run as a formula (= + - @ tab CR) gets a leading apostrophe.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: AuditLogRow): string {
  return `${CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
}
