import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openCliContext, runTool, UsageError } from '../cli-runtime';
import { closeContext } from '../context';
import { restorePostgres, restoreSqlite, sqliteIsEmpty } from '../db/backup';
import { withStartupLock } from '../db/startup-lock';
import { listTables, tableCounts } from '../db/tables';
import { verifyAuditChain } from '../features/audit/verify';

const USAGE = `Usage: npm run db:restore -- <backup file> [--force]

Restores a backup made by npm run db:backup into the database of DATABASE_URL (a SQLite file, or an
existing PostgreSQL database), then counts the rows and verifies the audit trail with RLS_AUDIT_KEY.
Stop every server first. The target must be empty (a new file, a new database); --force replaces
what it holds. The servers migrate a restored older backup when they start.`;

/** `npm run db:restore`: a backup back into the configured database (docs/operations.md, "Backups"). */
await runTool(async (config) => {
  let file: string;
  let force = false;
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      options: { force: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length !== 1) throw new Error('one file');
    file = path.resolve(positionals[0]!);
    force = values.force ?? false;
  } catch {
    throw new UsageError(USAGE);
  }
  const { database } = config;
  if (database.kind === 'sqlite' && database.filename === ':memory:') {
    throw new UsageError('DATABASE_URL is an in-memory database: restore into a file or PostgreSQL.');
  }

  const ctx = openCliContext(config);
  try {
    // No server may start on the database while it is being replaced.
    await withStartupLock(ctx, async () => {
      if (database.kind === 'sqlite') {
        if (!force && !sqliteIsEmpty(database.filename)) {
          throw new UsageError(
            `${database.filename} already holds data: restore into a new file, or add --force to replace it.`,
          );
        }
        await restoreSqlite(file, database.filename);
        return;
      }
      const tables = await listTables(ctx.db, 'postgres');
      if (tables.length > 0) {
        if (!force) {
          throw new UsageError(
            'The target PostgreSQL database already has tables: restore into a new database (createdb), or add --force to drop them first.',
          );
        }
        // The tables (with their triggers and sequences) and the functions of the schema (the audit
        // trail's append-only trigger function), in one transaction.
        await ctx.db.transaction().execute(async (trx) => {
          await sql`drop table if exists ${sql.join(tables.map((t) => sql.table(t)))} cascade`.execute(trx);
          const functions = await sql<{ signature: string }>`
            select p.oid::regprocedure::text as signature from pg_proc p
            join pg_namespace n on n.oid = p.pronamespace where n.nspname = current_schema()`.execute(trx);
          for (const { signature } of functions.rows) {
            await sql`drop function if exists ${sql.raw(signature)} cascade`.execute(trx);
          }
        });
      }
      await restorePostgres(database.url, file);
    });

    // What was restored: row counts and the audit trail, checked with this configuration's key.
    const counts = await tableCounts(ctx.db, ctx.dialect);
    const rows = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(`Restored ${file}: ${counts.size} tables, ${rows} rows.`);
    const chain = await verifyAuditChain(ctx);
    if (chain.ok) {
      console.log(`Audit trail intact: ${chain.checked} records.`);
    } else {
      console.error(`Audit trail does NOT verify: ${chain.problem!.message}.`);
      process.exitCode = 1;
    }
  } finally {
    await closeContext(ctx);
  }
});
