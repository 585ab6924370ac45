import { sql, type Kysely } from 'kysely';
import type { DialectName } from './dialect';

/** Kysely's own bookkeeping: written by `migrateToLatest`, never copied. */
export const MIGRATION_TABLES: readonly string[] = ['kysely_migration', 'kysely_migration_lock'];

/** The database's tables (the current schema on PostgreSQL), by name. */
export async function listTables<DB>(db: Kysely<DB>, dialect: DialectName): Promise<string[]> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`
          select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
      : await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  return rows.map((r) => r.name).sort();
}

export async function countRows<DB>(db: Kysely<DB>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Row counts of every table but Kysely's own, by table name. */
export async function tableCounts<DB>(db: Kysely<DB>, dialect: DialectName): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of await listTables(db, dialect)) {
    if (MIGRATION_TABLES.includes(table)) continue;
    counts.set(table, await countRows(db, table));
  }
  return counts;
}
