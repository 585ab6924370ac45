import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * Backups and restores (docs/operations.md, "Backups").
 *
 * SQLite: SQLite's online backup API (better-sqlite3 `backup()`), while the server runs. The copy is
 * made in one step, so in one read transaction: it is the database as of one moment, and the server's
 * writes (WAL) go on meanwhile. The result is one self-contained file (rollback journal, no -wal),
 * checked with `PRAGMA integrity_check` before it gets its final name.
 *
 * PostgreSQL: `pg_dump --format=custom` and `pg_restore`, found in PG_BIN, on PATH or in
 * /usr/lib/postgresql/<newest>/bin. The password travels in PGPASSWORD, never on a command line.
 */

/** A backup step this large copies every page at once: one consistent snapshot, never restarted. */
const ALL_PAGES = 0x7fffffff;

/** Problems `PRAGMA integrity_check` reports (empty when the file is sound). */
function integrityProblems(db: SQLite.Database): string[] {
  return (db.pragma('integrity_check') as { integrity_check: string }[])
    .map((r) => r.integrity_check)
    .filter((r) => r !== 'ok');
}

/** Copies the SQLite database `file` into `out` (a new file, mode 0600), online. */
export async function backupSqlite(file: string, out: string): Promise<void> {
  if (!fs.existsSync(file)) throw new Error(`there is no SQLite database at ${file}`);
  const partial = `${out}.partial`;
  fs.rmSync(partial, { force: true });
  const source = new SQLite(file, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  const copy = new SQLite(partial);
  let problems: string[];
  try {
    copy.pragma('journal_mode = DELETE'); // one self-contained file
    problems = integrityProblems(copy);
  } finally {
    copy.close();
  }
  if (problems.length > 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`the backup failed its integrity check: ${problems.slice(0, 5).join('; ')}`);
  }
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, out);
}

/** True when the SQLite database `file` is missing or has no rows in `users`, `patients` or `audit_log`. */
export function sqliteIsEmpty(file: string): boolean {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return true;
  const db = new SQLite(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    for (const table of ['users', 'patients', 'audit_log']) {
      const exists = db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(table);
      if (exists && db.prepare(`select 1 from "${table}" limit 1`).get()) return false;
    }
    return true;
  } finally {
    db.close();
  }
}

/**
 * Replaces the SQLite database `file` with the backup `backupFile`, through the backup API: every page
 * is written under SQLite's locks, so a reader never sees half of it.
 */
export async function restoreSqlite(backupFile: string, file: string): Promise<void> {
  const source = new SQLite(backupFile, { readonly: true, fileMustExist: true });
  try {
    const problems = integrityProblems(source);
    if (problems.length > 0) {
      throw new Error(`${backupFile} is not a sound SQLite backup: ${problems.slice(0, 5).join('; ')}`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await source.backup(file, { progress: () => ALL_PAGES });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new Error(
        `${backupFile} is not a SQLite database (a PostgreSQL backup needs DATABASE_URL=postgres://…)`,
      );
    }
    throw err;
  } finally {
    source.close();
  }
}

// --- PostgreSQL -----------------------------------------------------------------------------------

/** Finds a PostgreSQL client program: PG_BIN, PATH, then the newest /usr/lib/postgresql/<n>/bin. */
function findPgProgram(name: 'pg_dump' | 'pg_restore', env = process.env): string {
  const candidates: string[] = [];
  if (env.PG_BIN) candidates.push(path.join(env.PG_BIN, name));
  for (const dir of (env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, name));
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    for (const version of fs
      .readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))) {
      candidates.push(path.join(debian, version, 'bin', name));
    }
  }
  const found = candidates.find((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new Error(
      `${name} was not found (looked in PG_BIN, PATH and /usr/lib/postgresql/*/bin): install the PostgreSQL client programs of your server's version or newer (Debian: apt-get install postgresql-client-15), or set PG_BIN to their folder`,
    );
  }
  return found;
}

/** The connection as libpq wants it: the URL without its password, which goes to PGPASSWORD. */
function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (parsed.password) {
    env.PGPASSWORD = decodeURIComponent(parsed.password);
    parsed.password = '';
  }
  return { dbname: parsed.toString(), env };
}

function runProgram(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const errors: Buffer[] = [];
    child.stderr.on('data', (d: Buffer) => errors.push(d));
    child.once('error', (err) =>
      reject(new Error(`${path.basename(program)} could not run: ${err.message}`)),
    );
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const detail = Buffer.concat(errors).toString().trim();
        reject(
          new Error(
            `${path.basename(program)} failed (${signal ?? `exit ${code}`})${detail ? `:\n${detail}` : ''}`,
          ),
        );
      }
    });
  });
}

/** `pg_dump --format=custom` of the database at `url` into `out` (mode 0600). */
export async function backupPostgres(url: string, out: string): Promise<void> {
  const pgDump = findPgProgram('pg_dump');
  const { dbname, env } = libpqConnection(url);
  const partial = `${out}.partial`;
  fs.rmSync(partial, { force: true });
  fs.writeFileSync(partial, '', { mode: 0o600 });
  try {
    await runProgram(
      pgDump,
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`],
      env,
    );
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  fs.chmodSync(partial, 0o600);
  fs.renameSync(partial, out);
}

/**
 * `pg_restore` of `backupFile` into the (empty) database at `url`, in one transaction: all of it or
 * nothing.
 */
export async function restorePostgres(url: string, backupFile: string): Promise<void> {
  if (!fs.existsSync(backupFile)) throw new Error(`there is no backup at ${backupFile}`);
  const pgRestore = findPgProgram('pg_restore');
  const { dbname, env } = libpqConnection(url);
  await runProgram(
    pgRestore,
    [
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${dbname}`,
      backupFile,
    ],
    env,
  );
}
