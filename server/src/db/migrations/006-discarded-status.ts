import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../dialect';

const BEFORE = ['draft', 'amending', 'signed'] as const;
const AFTER = [...BEFORE, 'discarded'] as const;

const checkOf = (statuses: readonly string[]) =>
  `check (status in (${statuses.map((s) => `'${s}'`).join(', ')}))`;

/**
 * Discarding a draft (issue 13): `evaluations.status` may be `discarded` — a draft that was never
 * signed, thrown away by a clinician. The row stays (with its history and audit entries); the open
 * evaluation index (`status in ('draft', 'amending')`) already lets the patient start a new one.
 *
 * The status column's CHECK constraint (001-initial) lists the allowed values. PostgreSQL replaces
 * the constraint. SQLite cannot alter a constraint, so the table is rebuilt the way the SQLite
 * documentation gives ("Making Other Kinds Of Table Schema Changes"): with foreign keys off, in one
 * transaction, a copy under a new name with the new CHECK, the old table dropped, the copy renamed,
 * its indexes recreated from their stored SQL, then `foreign_key_check` before committing.
 */
export function discardedStatus(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await replaceStatusCheck(db, dialect, BEFORE, AFTER);
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await replaceStatusCheck(db, dialect, AFTER, BEFORE);
    },
  };
}

async function replaceStatusCheck(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  dialect: DialectName,
  from: readonly string[],
  to: readonly string[],
): Promise<void> {
  if (dialect === 'postgres') {
    // A column CHECK is named <table>_<column>_check by PostgreSQL.
    await sql`alter table evaluations drop constraint if exists evaluations_status_check`.execute(db);
    await sql
      .raw(`alter table evaluations add constraint evaluations_status_check ${checkOf(to)}`)
      .execute(db);
    return;
  }

  // SQLite: Kysely runs its migrations outside a transaction there, so foreign keys can be switched
  // off (a no-op inside one) while the referenced table is replaced.
  const table = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = 'evaluations'`.execute(db);
  const createSql = table.rows[0]?.sql;
  if (!createSql) throw new Error('table evaluations not found');
  const oldCheck = checkOf(from);
  if (!createSql.includes(oldCheck)) throw new Error(`evaluations has no "${oldCheck}" to replace`);
  const newCreate = createSql
    .replace(oldCheck, checkOf(to))
    .replace(/^create table\s+"?evaluations"?/i, 'create table "evaluations_rebuild"');
  const dependents = await sql<{ sql: string }>`
    select sql from sqlite_master
    where tbl_name = 'evaluations' and type in ('index', 'trigger') and sql is not null`.execute(db);

  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql.raw(newCreate).execute(db);
      await sql`insert into evaluations_rebuild select * from evaluations`.execute(db);
      await sql`drop table evaluations`.execute(db);
      await sql`alter table evaluations_rebuild rename to evaluations`.execute(db);
      for (const { sql: statement } of dependents.rows) await sql.raw(statement).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error('foreign key check failed after rebuilding evaluations');
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
