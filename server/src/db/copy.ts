import SQLite from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import { countRows, listTables, MIGRATION_TABLES } from './tables';

/**
 * Copies a SQLite database into an empty PostgreSQL one of the same schema version
 * (`npm run db:copy`, docs/operations.md, "From SQLite to PostgreSQL").
 *
 * Inside ONE PostgreSQL transaction: every table's rows are deleted (the rows the migrations put into
 * the singleton tables), then copied table by table in foreign-key order, the sequences are moved past
 * the copied ids, the row counts of source and target are compared, and `check` runs (the CLI verifies
 * the audit chain). Anything that fails rolls the whole copy back. The source is read in one read
 * transaction: a consistent snapshot even if a server were still writing.
 */

/** Rows per INSERT: well under PostgreSQL's 65,535 bound parameters. */
const MAX_PARAMETERS = 30_000;

/** Tables that migrations fill with one row; every other table of the target must be empty. */
const SINGLETON_TABLES = new Set(['audit_head', 'workload_version', 'workload_meta']);

export interface CopiedTable {
  table: string;
  source: number;
  target: number;
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/** Tables ordered so that each comes after the tables its foreign keys reference. */
async function foreignKeyOrder<DB>(trx: Transaction<DB>, tables: readonly string[]): Promise<string[]> {
  const { rows } = await sql<{ child: string; parent: string }>`
    select c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
    from pg_constraint c
    join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = current_schema()`.execute(trx);
  const unquote = (name: string) => name.replace(/^"|"$/g, '');
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of rows) {
    const c = unquote(child);
    const p = unquote(parent);
    if (c !== p) parents.get(c)?.add(p);
  }
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: string) => {
    if (state.get(table) === 'done') return;
    if (state.get(table) === 'visiting') throw new Error(`foreign keys form a cycle through ${table}`);
    state.set(table, 'visiting');
    for (const parent of parents.get(table) ?? []) if (parents.has(parent)) visit(parent);
    state.set(table, 'done');
    ordered.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return ordered;
}

async function columnsOf<DB>(trx: Transaction<DB>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select column_name as name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
    order by ordinal_position`.execute(trx);
  return rows.map((r) => r.name);
}

/** Moves every serial/identity sequence of `table` past its largest value. */
async function resetSequences<DB>(trx: Transaction<DB>, table: string): Promise<void> {
  const { rows } = await sql<{ column: string; sequence: string | null }>`
    select column_name as column, pg_get_serial_sequence(quote_ident(${table}), column_name) as sequence
    from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}`.execute(trx);
  for (const { column, sequence } of rows) {
    if (!sequence) continue;
    await sql`select setval(${sequence}::regclass, coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
      trx,
    );
  }
}

/** The source's migrations, in order (to check both sides have the same schema). */
function sourceMigrations(source: SQLite.Database): string[] {
  return (source.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/**
 * Copies the SQLite database `sourceFile` into `target` (PostgreSQL, migrated to the same version,
 * with no data yet). `check` runs on the target inside the transaction, after the counts match.
 */
export async function copySqliteToPostgres<DB>(
  sourceFile: string,
  target: Kysely<DB>,
  opts: {
    check?: (trx: Transaction<DB>) => Promise<void>;
    onTable?: (table: CopiedTable) => void;
  } = {},
): Promise<CopiedTable[]> {
  const source = new SQLite(sourceFile, { readonly: true, fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  try {
    source.exec('BEGIN'); // one snapshot for every read below
    const sourceTables = new Set(
      (
        source
          .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
          .all() as { name: string }[]
      ).map((r) => r.name),
    );
    return await target.transaction().execute(async (trx) => {
      const targetMigrations = (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx)
      ).rows.map((r) => r.name);
      const fromMigrations = sourceMigrations(source);
      if (fromMigrations.join() !== targetMigrations.join()) {
        throw new Error(
          `the two databases are at different schema versions (source: ${fromMigrations.at(-1) ?? 'none'}, target: ${targetMigrations.at(-1) ?? 'none'})`,
        );
      }
      const tables = (await listTables(trx, 'postgres')).filter((t) => !MIGRATION_TABLES.includes(t));
      const missing = tables.filter((t) => !sourceTables.has(t));
      const extra = [...sourceTables].filter((t) => !MIGRATION_TABLES.includes(t) && !tables.includes(t));
      if (missing.length > 0 || extra.length > 0) {
        throw new Error(
          `the schemas differ: ${[...missing.map((t) => `${t} only in the target`), ...extra.map((t) => `${t} only in the source`)].join(', ')}`,
        );
      }
      for (const table of tables) {
        if (SINGLETON_TABLES.has(table)) continue;
        if ((await countRows(trx, table)) > 0) {
          throw new Error(
            `the target database is not empty (table ${table} has rows): copy into a new, empty database`,
          );
        }
      }

      const ordered = await foreignKeyOrder(trx, tables);
      for (const table of [...ordered].reverse()) await sql`delete from ${sql.table(table)}`.execute(trx);

      const report: CopiedTable[] = [];
      const db = trx as unknown as AnyDb;
      for (const table of ordered) {
        const columns = await columnsOf(trx, table);
        const sourceColumns = new Set(
          (source.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map(
            (r) => r.name,
          ),
        );
        const absent = columns.filter((c) => !sourceColumns.has(c));
        if (absent.length > 0 || sourceColumns.size !== columns.length) {
          throw new Error(`table ${table} has different columns in the two databases`);
        }
        const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
        const select = source.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}"`);
        let batch: Record<string, unknown>[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await db.insertInto(table).values(batch).execute();
          batch = [];
        };
        for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
          batch.push(row);
          if (batch.length >= perInsert) await flush();
        }
        await flush();
        await resetSequences(trx, table);
        const copied = {
          table,
          source: Number((source.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n),
          target: await countRows(trx, table),
        };
        report.push(copied);
        opts.onTable?.(copied);
        if (copied.source !== copied.target) {
          throw new Error(`table ${table}: ${copied.source} rows in the source but ${copied.target} copied`);
        }
      }
      await opts.check?.(trx);
      return report;
    });
  } finally {
    if (source.inTransaction) source.exec('COMMIT');
    source.close();
  }
}
