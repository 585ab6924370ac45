import type { Server, ServerResponse } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { closeContext, createContext, type AppContext } from './context';
import { flushReadAudit } from './features/audit/read-buffer';
import { prepareDatabase } from './startup';

/** After the grace period, how long closing the database may take before the process gives up. */
const CLOSE_TIMEOUT_MS = 5_000;

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
    // Migrations, key checks, demo seed, workload rollups: once, under the start-up lock
    // (docs/decisions/018-many-instances.md).
    await prepareDatabase(ctx);
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

  // Responses not yet sent. On shutdown each one closes its connection when sent, so a client never
  // sends another request on a kept-alive connection of a server that is going away.
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  server.on('request', (_req, res: ServerResponse) => {
    if (stopping) res.shouldKeepAlive = false;
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  /**
   * Graceful shutdown (docs/reliability.md): stop accepting connections, let the requests in flight
   * finish — each in its own transaction, answered — for at most `shutdownGraceMs`, then close the
   * connections still open, write the buffered read-audit entries, close the database and exit 0.
   */
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: inFlight.size }, 'shutting down');
    for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
    const force = setTimeout(() => {
      logger.warn({ inFlight: inFlight.size }, 'shutdown grace period over: closing open connections');
      server.closeAllConnections();
    }, config.shutdownGraceMs);
    force.unref();
    const giveUp = setTimeout(() => {
      logger.error('shutdown did not finish: exiting');
      process.exit(1);
    }, config.shutdownGraceMs + CLOSE_TIMEOUT_MS);
    giveUp.unref();
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
