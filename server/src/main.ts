import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { closeContext, createContext, type AppContext } from './context';
import { flushReadAudit } from './features/audit/read-buffer';
import { seedDemo } from './demo/seed';
import { migrateToLatest } from './db/migrations';
import { ensureWorkloadRollups } from './features/workload/rebuild';

const SHUTDOWN_GRACE_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

function listen(ctx: AppContext): Promise<Server> {
  const app = createApp(ctx);
  return new Promise((resolve, reject) => {
    const server = app.listen(ctx.config.port, ctx.config.host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** config → open database → migrate → demo seed → listen; graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = readConfig();
  process.env.TZ = config.tz;
  const ctx = createContext(config);
  const { logger } = ctx;

  let server: Server;
  try {
    const { applied } = await migrateToLatest(ctx.db, ctx.dialect);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    if (config.demo) {
      const seeded = await seedDemo(ctx);
      if (seeded.seeded)
        logger.info({ users: seeded.users, patients: seeded.patients }, 'demo clinic created');
    }
    // An upgraded database (or one moved to another time zone) builds its workload rollups here,
    // not inside the first administrator's request.
    await ensureWorkloadRollups(ctx);
    server = await listen(ctx);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message =
      e.code === 'EADDRINUSE'
        ? `Port ${config.port} on ${config.host} is already in use; set PORT to a free port.`
        : e.message;
    logger.fatal({ code: e.code }, `start-up failed: ${message}`);
    await closeContext(ctx).catch(() => {});
    process.exitCode = 1;
    return;
  }

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { host: config.host, port, database: ctx.dialect },
    `listening on http://${config.host}:${port}`,
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    // Stop accepting, let in-flight requests finish, then close the database.
    server.close(() => {
      // Buffered read-audit entries are written before the database closes.
      flushReadAudit(ctx)
        .catch((err: unknown) => logger.error({ err }, 'read-audit flush failed'))
        .then(() => closeContext(ctx))
        .then(() => {
          logger.info('stopped');
          process.exit(0);
        })
        .catch((err: Error) => {
          logger.error({ err: { message: err.message } }, 'closing the database failed');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
