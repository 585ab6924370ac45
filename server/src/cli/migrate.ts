import { ConfigError, loadConfig } from '../config';
import { closeContext, createContext } from '../context';
import { migrateToLatest } from '../db/migrations';
import { withStartupLock } from '../db/startup-lock';

/** `npm run migrate`: applies pending database migrations (docs/operations.md, upgrades). */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  const ctx = createContext(config);
  try {
    // Under the start-up lock: a server starting meanwhile waits, then finds the migrations done.
    const { applied } = await withStartupLock(ctx, () => migrateToLatest(ctx.db, ctx.dialect, config.keys));
    console.log(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 1;
  } finally {
    await closeContext(ctx);
  }
}

await main();
