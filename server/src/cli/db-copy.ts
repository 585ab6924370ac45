import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openCliContext, runCli, UsageError } from '../cli-runtime';
import { closeContext } from '../context';
import { copySqliteToPostgres } from '../db/copy';
import { migrateToLatest } from '../db/migrations';
import { acquireStartupLock } from '../db/startup-lock';
import { verifyAuditChain } from '../features/audit/verify';

const USAGE = `Usage: npm run db:copy -- --to postgres://user@host:5432/database

Copies the SQLite database of DATABASE_URL into an empty PostgreSQL database (create it first; the
password may come from PGPASSWORD instead of the URL). Both are migrated to the latest schema, every
table is copied in one PostgreSQL transaction, then the row counts of every table are compared and the
audit trail is verified with RLS_AUDIT_KEY; any difference rolls the copy back. Stop the servers first
(docs/operations.md, "From SQLite to PostgreSQL").`;

/** `npm run db:copy`: SQLite → PostgreSQL, checked (docs/operations.md). */
await runCli(async (source) => {
  let to: string;
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { to: { type: 'string' } } });
    if (!values.to) throw new Error('--to');
    to = values.to;
  } catch {
    throw new UsageError(USAGE);
  }
  const { database } = source.config;
  if (database.kind !== 'sqlite' || database.filename === ':memory:') {
    throw new UsageError(
      'DATABASE_URL must be the SQLite database to copy (for PostgreSQL to PostgreSQL, use db:backup and db:restore).',
    );
  }
  const targetConfig = loadConfig({ ...process.env, DATABASE_URL: to });
  if (targetConfig.database.kind !== 'postgres') throw new UsageError('--to must be a postgres:// URL.');

  const target = openCliContext(targetConfig);
  try {
    // Held for the whole copy: a server started on the target meanwhile waits (and never seeds it).
    const lock = await acquireStartupLock(target);
    try {
      await migrateToLatest(target.db, target.dialect, targetConfig.keys);
      const started = Date.now();
      const tables = await copySqliteToPostgres(database.filename, target.db, {
        onTable: (t) => console.log(`  ${t.table.padEnd(28)} ${String(t.target).padStart(9)} rows`),
        check: async (trx) => {
          const chain = await verifyAuditChain({ db: trx, config: targetConfig });
          if (!chain.ok) throw new Error(`the copied audit trail does not verify: ${chain.problem!.message}`);
          console.log(`Audit trail verified on the copy: ${chain.checked} records, head ${chain.head.seq}.`);
        },
      });
      const rows = tables.reduce((sum, t) => sum + t.target, 0);
      console.log(
        `Copied ${tables.length} tables, ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s; every table's row count matches the source.`,
      );
      console.log('Point DATABASE_URL at the PostgreSQL database and start the servers.');
    } finally {
      await lock.release();
    }
  } finally {
    await closeContext(target);
  }
});
