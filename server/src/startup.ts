import type { AppContext } from './context';
import { migrateToLatest } from './db/migrations';
import { withStartupLock } from './db/startup-lock';
import { seedDemo } from './demo/seed';
import { ensureWorkloadRollups, type RollupBuildProgress } from './features/workload/rebuild';
import { prepareSecurity } from './security';

/**
 * Logs a rollup build as it advances — `workload rollups: building weekly level … 42% (6,100/14,600
 * day rows)` — at the start, every 10 % or 5 s, and at the end. Counts only: no patient data.
 */
function rollupProgressLine(logger: AppContext['logger']): (p: RollupBuildProgress) => void {
  let lastPercent = -1;
  let lastAt = 0;
  let began = 0;
  return ({ what, done, total, unit }) => {
    const now = Date.now();
    if (began === 0) began = now;
    const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
    const finished = done >= total;
    if (!finished && lastPercent >= 0 && percent < lastPercent + 10 && now - lastAt < 5000) return;
    if (finished && lastPercent === 100) return;
    lastPercent = percent;
    lastAt = now;
    const fmt = (n: number) => n.toLocaleString('en');
    logger.info(
      { rollups: what, done, total, unit, ...(finished ? { ms: now - began } : {}) },
      `workload rollups: ${finished ? 'built' : 'building'} ${what} … ${percent}% (${fmt(done)}/${fmt(total)} ${unit})`,
    );
  };
}

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
    // not inside the first administrator's request, with a progress line.
    await ensureWorkloadRollups(ctx, rollupProgressLine(logger));
    return { applied, seeded };
  });
}
