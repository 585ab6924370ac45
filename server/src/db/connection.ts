import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config';
import type { DialectName } from './dialect';
import type { Database } from './schema';

// int8 (bigint: count(*), bigserial) as a JS number instead of a string. Our values stay far
// below 2^53 (row counts, audit sequence numbers).
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: DialectName;
}

/** Opens the configured database (SQLite file/memory or a PostgreSQL pool). */
export function openDatabase(
  config: DatabaseConfig,
  onPoolError: (err: Error) => void = () => {},
): OpenedDatabase {
  if (config.kind === 'sqlite') {
    if (config.filename !== ':memory:') {
      fs.mkdirSync(path.dirname(config.filename), { recursive: true });
    }
    const database = new SQLite(config.filename);
    const file = config.filename !== ':memory:';
    if (file) database.pragma('journal_mode = WAL');
    // NORMAL: a commit writes the WAL without waiting for the disk; `committedDurably` then waits for
    // one fsync of the WAL shared by every commit of the moment (group commit), off the event loop.
    database.pragma(`synchronous = ${file ? 'NORMAL' : 'FULL'}`);
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    cacheStatements(database);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    if (file) durability.set(db, groupCommit(database, `${config.filename}-wal`));
    return { db, dialect: 'sqlite' };
  }
  // One connection of the pool is held by the start-up lock while an instance starts (db/startup-lock.ts).
  const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
  // An idle client losing its connection emits 'error' on the pool; unhandled it would crash the process.
  pool.on('error', onPoolError);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

/**
 * Group commit (docs/reliability.md, "Durability"). Every commit writes the SQLite WAL; this resolves
 * once all of them are on disk. The fsync runs on libuv's thread pool, so the event loop keeps serving,
 * and one fsync covers every commit made before it started: a commit that arrives while one is running
 * waits for the next, which starts as soon as the running one ends. (`synchronous = FULL` would fsync
 * inside each COMMIT, blocking the single-threaded server for each write in turn.) SQLite itself syncs
 * the WAL before each checkpoint and the database after it (`synchronous = NORMAL` in WAL mode).
 */
function groupCommit(database: SQLite.Database, walFile: string): () => Promise<void> {
  let handle: Promise<FileHandle> | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const syncOnce = async () => {
    handle ??= fs.promises.open(walFile, 'r');
    try {
      await (await handle).datasync();
    } catch (err) {
      const failed = handle;
      handle = null; // opened again next time
      void failed.then((h) => h.close()).catch(() => {});
      throw err;
    }
  };
  const start = (): Promise<void> => {
    running = syncOnce().finally(() => {
      running = null;
    });
    return running;
  };
  const close = database.close.bind(database);
  database.close = () => {
    void handle?.then((h) => h.close()).catch(() => {});
    handle = null;
    return close();
  };
  return () => {
    if (!running) return start();
    // The running fsync may have started before this commit's write: wait for the next one.
    next ??= running
      .catch(() => {})
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

const durability = new WeakMap<Kysely<Database>, () => Promise<void>>();

/**
 * Resolves when every transaction committed on `db` so far is on disk: `unitOfWork` awaits it before
 * a write is answered, so an acknowledged write survives a power loss. PostgreSQL commits durably
 * itself (and groups concurrent commits' WAL flushes on its own): nothing to wait for.
 */
export function committedDurably(db: Kysely<Database>): Promise<void> {
  return durability.get(db)?.() ?? Promise.resolve();
}

/**
 * Kysely prepares every query anew; better-sqlite3 statements can be reused, and preparing is a
 * tenth of the server's CPU time under load (docs/reliability.md, "Load"). The most recently used
 * statements are kept by their SQL text. Safe because Kysely runs one statement at a time on the one
 * connection and never streams (`stmt.iterate`) here.
 */
function cacheStatements(database: SQLite.Database, size = 500): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, SQLite.Statement>();
  database.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
    } else {
      statement = prepare(source);
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
    }
    cache.set(source, statement);
    return statement;
  }) as typeof database.prepare;
}
