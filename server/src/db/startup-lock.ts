import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { AppContext } from '../context';

/**
 * The start-up lock (docs/decisions/018-many-instances.md): migrations, the key checks, the demo seed
 * and the workload rollup build run in one instance at a time. Several instances started together on
 * an empty database would otherwise all migrate and all seed; with the lock the first does the work
 * and the others wait, then find it done.
 *
 * - PostgreSQL: a session-level advisory lock (`pg_advisory_lock`) held on one pooled connection for
 *   the whole phase — the work itself runs on other connections. PostgreSQL releases it when that
 *   connection ends, so an instance that dies while holding it blocks nobody.
 * - SQLite: an exclusive transaction on a lock file beside the database (`<file>.startup-lock`, an
 *   empty SQLite database): an OS file lock that the operating system releases when the process dies.
 *   The database file's own write lock cannot be used: the migrations and the seed write through the
 *   server's connection and would wait for it. An in-memory database has one process: no lock.
 */

/** The advisory lock key: fixed, distinct from Kysely's own migration lock (3853314791062309107). */
export const STARTUP_LOCK_KEY = 7_244_771_016_263_408_016n;
/** While waiting, a line is logged this often. */
const WAIT_LOG_MS = 30_000;
/** SQLite: how often a busy lock file is tried again. */
const SQLITE_RETRY_MS = 100;

export interface StartupLock {
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

export interface StartupLockOptions {
  /** Called once when another process holds the lock and this one starts waiting. */
  onWait?: () => void;
}

/** Waits for and takes the start-up lock. Release it when the start-up work is done (or failed). */
export async function acquireStartupLock(
  ctx: Pick<AppContext, 'config' | 'db' | 'dialect' | 'logger'>,
  opts: StartupLockOptions = {},
): Promise<StartupLock> {
  let waitingSince = 0;
  const waiting = () => {
    waitingSince = Date.now();
    ctx.logger.info('waiting for another instance to finish its start-up (migrations, demo seed)');
    opts.onWait?.();
    const timer = setInterval(() => {
      ctx.logger.warn(
        { waitingSeconds: Math.round((Date.now() - waitingSince) / 1000) },
        'still waiting for another instance to finish its start-up',
      );
    }, WAIT_LOG_MS);
    timer.unref();
    return () => clearInterval(timer);
  };
  const lock =
    ctx.dialect === 'postgres'
      ? await postgresLock(ctx, waiting)
      : ctx.config.database.kind === 'sqlite' && ctx.config.database.filename !== ':memory:'
        ? await sqliteLock(`${ctx.config.database.filename}.startup-lock`, waiting)
        : { release: () => Promise.resolve() };
  if (waitingSince > 0) {
    ctx.logger.info(
      { waitedMs: Date.now() - waitingSince },
      'start-up lock taken after waiting for another instance',
    );
  }
  return lock;
}

/** Runs `fn` holding the start-up lock. */
export async function withStartupLock<T>(
  ctx: Pick<AppContext, 'config' | 'db' | 'dialect' | 'logger'>,
  fn: () => Promise<T>,
  opts: StartupLockOptions = {},
): Promise<T> {
  const lock = await acquireStartupLock(ctx, opts);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

async function postgresLock(ctx: Pick<AppContext, 'db'>, waiting: () => () => void): Promise<StartupLock> {
  // Kysely lends a connection only for the length of a callback: the callback holds it until release.
  let taken!: () => void;
  let failed!: (err: unknown) => void;
  const acquired = new Promise<void>((resolve, reject) => {
    taken = resolve;
    failed = reject;
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const done = ctx.db
    .connection()
    .execute(async (conn) => {
      const tried = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_lock(${sql.lit(STARTUP_LOCK_KEY)}) as locked`.execute(conn);
      if (!tried.rows[0]?.locked) {
        const stopLogging = waiting();
        try {
          await sql`select pg_advisory_lock(${sql.lit(STARTUP_LOCK_KEY)})`.execute(conn);
        } finally {
          stopLogging();
        }
      }
      taken();
      await released;
      await sql`select pg_advisory_unlock(${sql.lit(STARTUP_LOCK_KEY)})`.execute(conn);
    })
    // Before the lock is taken: the caller gets the error. After: the lock ended with its connection.
    .catch(failed);
  await acquired;
  let releasing: Promise<void> | null = null;
  return {
    release() {
      if (!releasing) {
        release();
        releasing = done;
      }
      return releasing;
    },
  };
}

async function sqliteLock(file: string, waiting: () => () => void): Promise<StartupLock> {
  const lockDb = new SQLite(file);
  lockDb.pragma('busy_timeout = 0');
  let stopLogging: (() => void) | null = null;
  try {
    for (;;) {
      try {
        lockDb.exec('BEGIN EXCLUSIVE');
        break;
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'SQLITE_BUSY') throw err;
        stopLogging ??= waiting();
        await new Promise((resolve) => setTimeout(resolve, SQLITE_RETRY_MS));
      }
    }
  } catch (err) {
    lockDb.close();
    throw err;
  } finally {
    stopLogging?.();
  }
  let open = true;
  return {
    release() {
      if (open) {
        open = false;
        lockDb.exec('ROLLBACK');
        lockDb.close();
      }
      return Promise.resolve();
    },
  };
}
