import type { AuditPage, AuditQuery, AuditRecord, AuditSort, AuditSortKey } from '@rls/shared';
import { sql, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { AppContext } from '../../context';
import { escapeLike, fromJson } from '../../db/dialect';
import type { AuditLogRow, Database } from '../../db/schema';
import { dayStartInstant, nextDay } from '../../time-zone';

/**
 * The administrators' audit report: filters, sort by any column, pages, CSV. Its query and record
 * are the API contract in @rls/shared (`auditQuerySchema`, `AuditRecord`).
 */

/** A calendar date (inclusive, in the server time zone); anything else is an ISO date-time. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The column each sort key orders by. */
const AUDIT_SORT_COLUMNS = {
  seq: 'seq',
  at: 'at',
  user: 'username',
  role: 'role',
  patient: 'patient_id',
  action: 'action',
  category: 'category',
  outcome: 'outcome',
  entity: 'entity_id',
} as const satisfies Record<AuditSortKey, keyof AuditLogRow>;

function toAuditRecord(row: AuditLogRow): AuditRecord {
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

/** A date-time filter as an ISO-UTC instant (auditQuerySchema keeps it within years 0001–9999). */
function instant(value: string): string {
  return new Date(value).toISOString();
}

type AuditSelect = SelectQueryBuilder<Database, 'audit_log', object>;

function filtered(db: Kysely<Database>, q: AuditQuery, tz: string): AuditSelect {
  let query: AuditSelect = db.selectFrom('audit_log');
  // A date is its local day's first instant (server time zone); a date-time is the instant given.
  if (q.from)
    query = query.where('at', '>=', DAY.test(q.from) ? dayStartInstant(q.from, tz) : instant(q.from));
  if (q.to) {
    if (!DAY.test(q.to)) {
      query = query.where('at', '<=', instant(q.to)); // an inclusive instant
    } else {
      // An inclusive day: up to the next day's start; the last day (9999-12-31) has none, so no bound.
      const next = nextDay(q.to);
      if (next !== null) query = query.where('at', '<', dayStartInstant(next, tz));
    }
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

function sorted(query: AuditSelect, sort: AuditSort) {
  const desc = sort.startsWith('-');
  const key = (desc ? sort.slice(1) : sort) as AuditSortKey;
  const column = AUDIT_SORT_COLUMNS[key];
  let q = query.selectAll();
  if (column !== 'seq') q = q.orderBy(column, desc ? 'desc' : 'asc');
  // seq breaks ties, so pages never overlap or skip.
  return q.orderBy('seq', desc ? 'desc' : 'asc');
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
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(row: AuditLogRow): string {
  return `${CSV_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
}
