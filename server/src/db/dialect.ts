import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/**
 * Everything that differs between SQLite (better-sqlite3) and PostgreSQL (pg) lives here.
 * Callers write one Kysely query and use these helpers where the dialects disagree.
 */
export type DialectName = 'sqlite' | 'postgres';

/** Escapes LIKE wildcards so user text matches literally (used with `ESCAPE '\'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `<column> LIKE '%text%' ESCAPE '\'` on an already lower-cased column (e.g. `search_text`):
 * a case-insensitive substring match in both dialects (SQLite's LIKE is ASCII-only
 * case-insensitive, PostgreSQL's is case-sensitive, so both sides are lower-cased in JS).
 */
export function containsLower(column: Expression<string>, text: string): RawBuilder<SqlBool> {
  const pattern = `%${escapeLike(text.toLowerCase())}%`;
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/** pg returns bigint counts and sums as strings, SQLite as numbers. */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/** JSON documents are text columns in both dialects (pg would send JS arrays as SQL arrays). */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** True when `err` is a unique-constraint violation (optionally on the named constraint/column). */
export function isUniqueViolation(err: unknown, hint?: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown; detail?: unknown };
  const unique =
    e.code === '23505' || // PostgreSQL unique_violation
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!unique) return false;
  if (hint === undefined) return true;
  const text = [e.message, e.constraint, e.detail].filter((v) => typeof v === 'string').join(' ');
  return text.includes(hint);
}

/**
 * True when PostgreSQL rolled the transaction back whole because of a concurrent one — a deadlock
 * (40P01) or a serialization failure (40001) — so running it again is safe. SQLite has one writer:
 * never.
 */
export function isTransientConflict(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === '40P01' || code === '40001';
}

/** The column type of an auto-incrementing integer primary key. */
export function autoIncrementType(dialect: DialectName): 'integer' | 'bigserial' {
  return dialect === 'sqlite' ? 'integer' : 'bigserial';
}

/**
 * Reads one row and keeps it locked until the transaction ends, so concurrent writers queue behind
 * it (used for the audit chain head). PostgreSQL: `SELECT … FOR UPDATE`. SQLite has no row locks:
 * a no-op write first takes the database write lock, which every other writer waits for.
 * `touch` performs that no-op write; it only runs on SQLite.
 */
export async function selectForUpdate<Q extends { forUpdate(): Q; executeTakeFirst(): Promise<unknown> }>(
  dialect: DialectName,
  query: Q,
  touch: () => Promise<unknown>,
): Promise<Awaited<ReturnType<Q['executeTakeFirst']>>> {
  if (dialect === 'sqlite') await touch();
  const locked = dialect === 'sqlite' ? query : query.forUpdate();
  return (await locked.executeTakeFirst()) as Awaited<ReturnType<Q['executeTakeFirst']>>;
}
