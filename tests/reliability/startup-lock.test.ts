// The start-up lock (docs/decisions/018-many-instances.md): instances — and `npm run migrate` — started
// together on one empty database migrate and seed once; the others wait, then find it done. An
// instance that dies holding the lock blocks nobody. On SQLite (a lock file), or on PostgreSQL (an
// advisory lock) when RLS_TEST_PG_URL is set, like the API tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { closeContext, createContext, type AppContext } from '../../server/src/context';
import { DEMO_ACCOUNTS } from '../../server/src/demo/accounts';
import { listMigrations } from '../../server/src/db/migrations';
import { acquireStartupLock, STARTUP_LOCK_KEY } from '../../server/src/db/startup-lock';
import { prepareDatabase } from '../../server/src/startup';
import { freshDatabase } from '../api/helpers';
import { ensureServerBuilt, ROOT, runServerCli, sleep } from './harness';

const pgUrl = process.env.RLS_TEST_PG_URL;
const MIGRATIONS = Object.keys(listMigrations(pgUrl ? 'postgres' : 'sqlite'));

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  cleanups = [];
});

/** A fresh empty database (SQLite file, or a new PostgreSQL database) and `n` contexts on it. */
async function instances(n: number): Promise<{ url: string; contexts: AppContext[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-lock-'));
  const database = await freshDatabase(dir);
  const contexts = Array.from({ length: n }, () =>
    createContext(loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'silent', TZ: 'UTC', RLS_DEMO: '1' }), {
      logger: pino({ level: 'silent' }),
    }),
  );
  cleanups.push(async () => {
    for (const ctx of contexts) await closeContext(ctx).catch(() => {});
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { url: database.url, contexts };
}

describe(`the start-up lock (${pgUrl ? 'PostgreSQL advisory lock' : 'SQLite lock file'})`, () => {
  beforeAll(() => ensureServerBuilt(), 120_000);

  it('two instances starting together migrate and seed the demo clinic once; both start', async () => {
    const { contexts } = await instances(2);
    const results = await Promise.all(contexts.map((ctx) => prepareDatabase(ctx)));

    // One applied every migration, the other none (it waited, then found them applied).
    expect(results.map((r) => r.applied.length).sort((a, b) => a - b)).toEqual([0, MIGRATIONS.length]);
    expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
    const db = contexts[0]!.db;
    const users = await db.selectFrom('users').select('username').execute();
    expect(users.map((u) => u.username).sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    const seeds = await db.selectFrom('audit_log').select('seq').where('action', '=', 'demo.seed').execute();
    expect(seeds).toHaveLength(1);
    const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    expect(migrations.rows.map((r) => r.name).sort()).toEqual(MIGRATIONS);
  });

  it('a second instance waits while the first holds the lock, and goes on when it is released', async () => {
    const { contexts } = await instances(2);
    const [first, second] = contexts as [AppContext, AppContext];
    const held = await acquireStartupLock(first);
    let waited = false;
    let taken = false;
    const pending = acquireStartupLock(second, { onWait: () => (waited = true) }).then((lock) => {
      taken = true;
      return lock;
    });
    await sleep(400);
    expect(waited).toBe(true);
    expect(taken).toBe(false);
    await held.release();
    const lock = await pending;
    expect(taken).toBe(true);
    await lock.release();
  });

  it('two `npm run migrate` at once on an empty database: both wait for the lock, the migrations run once', async () => {
    const { url, contexts } = await instances(1);
    // Both are started while the lock is held here, so both wait and then race for it at once.
    const held = await acquireStartupLock(contexts[0]!);
    const run = () => {
      const child = spawn(process.execPath, [path.join(ROOT, 'server/dist/cli/migrate.js')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: url, TZ: 'UTC', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      cleanups.push(() => Promise.resolve(void child.kill('SIGKILL')));
      const result = { output: '', code: undefined as number | null | undefined };
      child.stdout.on('data', (d: Buffer) => (result.output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (result.output += d.toString()));
      const exited = new Promise<void>((resolve) =>
        child.once('close', (code) => {
          result.code = code;
          resolve();
        }),
      );
      return { result, exited };
    };
    const migrators = [run(), run()];
    const waiting = (text: string) => text.includes('waiting for another instance to finish its start-up');
    for (let i = 0; i < 600 && !migrators.every((m) => waiting(m.result.output)); i++) await sleep(50);
    expect(migrators.map((m) => [m.result.code, waiting(m.result.output)])).toEqual([
      [undefined, true],
      [undefined, true],
    ]);
    await held.release();
    await Promise.all(migrators.map((m) => m.exited));

    const [a, b] = migrators.map((m) => m.result);
    expect([a!.code, b!.code], `${a!.output}\n${b!.output}`).toEqual([0, 0]);
    const said = migrators
      .map((m) => m.result.output.split('\n').find((line) => /^(Applied|The database)/.test(line)))
      .sort();
    expect(said).toEqual([`Applied: ${MIGRATIONS.join(', ')}`, 'The database is up to date.']);
    // And the database is complete: the audit trail (written by migration 002) verifies.
    const verify = runServerCli('audit-verify', [], { DATABASE_URL: url });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  }, 60_000);

  it('a process killed while holding the lock blocks nobody', async () => {
    const { url, contexts } = await instances(1);
    const ctx = contexts[0]!;
    // A separate process takes the lock the way the server does, says so, and is then SIGKILLed.
    const holder = pgUrl
      ? `import pg from 'pg';
         const c = new pg.Client({ connectionString: ${JSON.stringify(url)} });
         await c.connect();
         await c.query('select pg_advisory_lock(${STARTUP_LOCK_KEY})');
         console.log('locked');
         setInterval(() => {}, 1000);`
      : `import SQLite from 'better-sqlite3';
         const db = new SQLite(${JSON.stringify(`${url.slice('sqlite:'.length)}.startup-lock`)});
         db.exec('BEGIN EXCLUSIVE');
         console.log('locked');
         setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', holder], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => {
      child.kill('SIGKILL');
      return Promise.resolve();
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('locked')) resolve();
      });
      child.once('exit', () => reject(new Error('the lock holder exited early')));
    });

    let waited = false;
    const pending = acquireStartupLock(ctx, { onWait: () => (waited = true) });
    await sleep(300);
    expect(waited).toBe(true);
    child.kill('SIGKILL');
    const lock = await pending; // taken once the holder is gone
    await lock.release();
  }, 30_000);
});
