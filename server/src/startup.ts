import type { AppContext } from './context';
import { migrateToLatest } from './db/migrations';
import { withStartupLock } from './db/startup-lock';
import { seedDemo } from './demo/seed';
import { ensureWorkloadRollups } from './features/workload/rebuild';
import { prepareSecurity } from './security';

export interface Prepared {
  /** Migrations this instance applied (none when another instance had). */
  applied: string[];
  /** Whether this instance seeded the demo clinic. */
  seeded: boolean;
}

/**
 * The start-up write phase, before the server listens: migrate, check the keys and encrypt clear
 * secrets, seed the demo clinic into an empty demo database, build the workload rollups. All of it
 * under the start-up lock (docs/decisions/018-many-instances.md), so instances started together do it
 * once: the others wait, then find nothing left to do.
 */
export function prepareDatabase(ctx: AppContext): Promise<Prepared> {
  const { config, logger } = ctx;
  return withStartupLock(ctx, async () => {
    const { applied } = await migrateToLatest(ctx.db, ctx.dialect, config.keys);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    await prepareSecurity(ctx); // docs/decisions/017-security-hardening.md
    let seeded = false;
    if (config.demo) {
      const result = await seedDemo(ctx);
      seeded = result.seeded;
      if (result.seeded)
        logger.info({ users: result.users, patients: result.patients }, 'demo clinic created');
    }
    // An upgraded database (or one moved to another time zone) builds its workload rollups here,
    // not inside the first administrator's request.
    await ensureWorkloadRollups(ctx);
    return { applied, seeded };
  });
}
