import fs from 'node:fs';
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
    if (config.filename !== ':memory:') database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite' };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  // An idle client losing its connection emits 'error' on the pool; unhandled it would crash the process.
  pool.on('error', onPoolError);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}
