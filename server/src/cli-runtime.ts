import { ConfigError, loadConfig } from './config';
import { closeContext, createContext, type AppContext } from './context';
import { migrateToLatest } from './db/migrations';
import { HttpError } from './http/errors';
import { createLogger } from './logger';

/** Thrown by a command for a usage mistake (exit code 2, message only). */
export class UsageError extends Error {}

/**
 * Runs a command-line tool against the configured database (migrated first): prints problems as
 * plain messages — no stack traces for bad input — and sets the exit code.
 */
export async function runCli(fn: (ctx: AppContext) => Promise<void>): Promise<void> {
  let ctx: AppContext | undefined;
  try {
    const config = loadConfig(process.env);
    process.env.TZ = config.tz;
    // Tools print their own output; only warnings and errors are logged.
    ctx = createContext(config, {
      logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
    });
    await migrateToLatest(ctx.db, ctx.dialect, config.keys);
    await fn(ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      process.exitCode = 2;
    } else if (err instanceof ConfigError || err instanceof HttpError) {
      const items =
        err instanceof HttpError
          ? (err.details as { items?: { code: string; reason: string }[] } | undefined)?.items
          : undefined;
      console.error(items ? items.map((i) => `${i.code}: ${i.reason}`).join('\n') : err.message);
      process.exitCode = 1;
    } else {
      console.error(err instanceof Error ? `Error: ${err.message}` : err);
      process.exitCode = 1;
    }
  } finally {
    if (ctx) await closeContext(ctx);
  }
}
