import { ConfigError, loadConfig, type Config } from './config';
import { closeContext, createContext, type AppContext } from './context';
import { migrateToLatest } from './db/migrations';
import { withStartupLock } from './db/startup-lock';
import { HttpError } from './http/errors';
import { createLogger } from './logger';

/** Thrown by a command for a usage mistake (exit code 2, message only). */
export class UsageError extends Error {}

/**
 * Runs a command-line tool against the configured database (migrated first): prints problems as
 * plain messages — no stack traces for bad input — and sets the exit code.
 */
export function runCli(fn: (ctx: AppContext) => Promise<void>): Promise<void> {
  return runTool(async (config) => {
    const ctx = openCliContext(config);
    try {
      // Under the start-up lock: never beside a starting server's migrations
      // (docs/decisions/018-many-instances.md).
      await withStartupLock(ctx, () => migrateToLatest(ctx.db, ctx.dialect, config.keys));
      await fn(ctx);
    } finally {
      await closeContext(ctx);
    }
  });
}

/** A context for a tool: its own output is printed, only warnings and errors are logged. */
export function openCliContext(config: Config): AppContext {
  return createContext(config, {
    logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
  });
}

/**
 * Runs a tool that opens the database itself, or not at all (backups: never migrate before one):
 * the configuration is validated, errors are printed as plain messages and set the exit code.
 */
export async function runTool(fn: (config: Config) => Promise<void>): Promise<void> {
  try {
    const config = loadConfig(process.env);
    process.env.TZ = config.tz;
    await fn(config);
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
  }
}
