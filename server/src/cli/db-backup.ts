import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTool, UsageError } from '../cli-runtime';
import { backupPostgres, backupSqlite } from '../db/backup';

const USAGE = `Usage: npm run db:backup [-- --out <file>]

Backs up the database of DATABASE_URL while the servers keep running: SQLite with its online backup
(one consistent, self-contained file), PostgreSQL with pg_dump --format=custom. The default file is
data/backups/rls-workup-<UTC time>.sqlite or .pgdump. The file holds PHI: it is created readable by
its owner only; store it encrypted, apart from RLS_AUDIT_KEY and RLS_SECRET_KEY (docs/operations.md).`;

/** `npm run db:backup`: an online backup of the configured database (docs/operations.md, "Backups"). */
await runTool(async (config) => {
  let out: string | undefined;
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: 'string' } } });
    out = values.out;
  } catch {
    throw new UsageError(USAGE);
  }
  const { database } = config;
  if (database.kind === 'sqlite' && database.filename === ':memory:') {
    throw new UsageError('DATABASE_URL is an in-memory database: there is nothing to back up.');
  }
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const file = path.resolve(
    out ??
      path.join(
        config.rootDir,
        'data',
        'backups',
        `rls-workup-${stamp}.${database.kind === 'sqlite' ? 'sqlite' : 'pgdump'}`,
      ),
  );
  if (fs.existsSync(file)) throw new UsageError(`${file} already exists: choose another --out.`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const started = Date.now();
  if (database.kind === 'sqlite') await backupSqlite(database.filename, file);
  else await backupPostgres(database.url, file);
  const size = fs.statSync(file).size;
  console.log(
    `Backup written: ${file} (${(size / 1024 / 1024).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  console.log('Restore it with: npm run db:restore -- ' + JSON.stringify(file));
});
