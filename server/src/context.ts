import type { Kysely } from 'kysely';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import { openDatabase } from './db/connection';
import type { DialectName } from './db/dialect';
import type { Database } from './db/schema';
import { createLogger, type Logger } from './logger';

/** Everything a request handler, service or CLI needs; built once per process (or per test). */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  logger: Logger;
}

export interface ContextOptions {
  clock?: Clock;
  logger?: Logger;
}

/** Opens the database (lazily connecting for PostgreSQL). Call `closeContext` when done. */
export function createContext(config: Config, opts: ContextOptions = {}): AppContext {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const { db, dialect } = openDatabase(config.database, (err) =>
    logger.error({ err: { message: err.message } }, 'database connection error'),
  );
  return { config, db, dialect, clock: opts.clock ?? systemClock, logger };
}

export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.db.destroy();
}
