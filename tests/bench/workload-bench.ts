/**
 * The workload summary at scale: `getWorkloadSummary` (the service behind GET /api/workload) with its
 * cache cold, beside the raw SQL GROUP BY over `evaluations` that the rollups replace, for periods of
 * 4, 12, 26 and 52 weeks ending on the data's last day. Used by `npm run bench` (runWorkloadBench);
 * also runs alone:
 *
 *   npx tsx tests/bench/workload-bench.ts --db <file from npm run seed:scale> [--requests 30]
 *   npx tsx tests/bench/workload-bench.ts --patients 2000 --evaluations 10000   (seeds a temp file)
 *
 * Cold: the rollup version is bumped before every call (what any evaluation change does), so the
 * per-process cache never answers and each call reads the rollup tables. The bump is not timed.
 * The raw SQL is a lower bound of what the rollups replace: started and signed per local day and
 * clinician with the summed time to sign (no histograms, findings or stage times), dates compared
 * as UTC text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { pino } from 'pino';
import { loadConfig } from '../../server/src/config';
import { closeContext, createContext } from '../../server/src/context';
import { getWorkloadSummary } from '../../server/src/features/workload/service';
import { addDays } from '../../server/src/time-zone';
import { seedScale } from './scale-data';

export interface WorkloadBenchRow {
  range: string;
  weeks: number;
  serviceP50: number;
  serviceP95: number;
  sqlP50: number;
  sqlP95: number;
}

const RANGES = [4, 12, 26, 52] as const;
/** Timed runs of the raw SQL per range (each reads every evaluation row of the period). */
const RAW_RUNS = 5;

/** Nearest-rank percentile of `ms` (sorted copy), rounded to 0.1 ms. */
function percentile(ms: number[], p: number): number {
  const sorted = [...ms].sort((a, b) => a - b);
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return Math.round(v * 10) / 10;
}

/** The zone the file's rollups were built in (the service is run in it, or it would rebuild them). */
function rollupZone(file: string): { tz: string; lastDay: string } {
  const raw = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tz =
      (
        raw.prepare(`select value from workload_meta where key = 'time_zone'`).get() as
          { value: string } | undefined
      )?.value ?? 'UTC';
    const last = raw.prepare(`select max(started_at) as at from evaluations`).get() as { at: string | null };
    return { tz, lastDay: (last.at ?? new Date().toISOString()).slice(0, 10) };
  } finally {
    raw.close();
  }
}

export async function runWorkloadBench(opts: {
  file: string;
  requests: number;
}): Promise<WorkloadBenchRow[]> {
  const { tz, lastDay } = rollupZone(opts.file);
  const config = loadConfig({
    DATABASE_URL: `sqlite:${opts.file}`,
    LOG_LEVEL: 'silent',
    TZ: tz,
    RLS_DEMO: '0',
  });
  const ctx = createContext(config, { logger: pino({ level: 'silent' }) });
  const bump = () => sql`update workload_version set version = version + 1 where id = 1`.execute(ctx.db);
  const rows: WorkloadBenchRow[] = [];
  try {
    const requests = Math.max(1, opts.requests);
    for (const weeks of RANGES) {
      const to = lastDay;
      const from = addDays(to, -(weeks * 7 - 1));
      const service: number[] = [];
      const raw: number[] = [];
      for (let i = 0; i < requests + 2; i++) {
        await bump();
        let t = performance.now();
        await getWorkloadSummary(ctx, { from, to });
        const serviceMs = performance.now() - t;

        // The raw SQL reads every evaluation row of the period (seconds at 1M): a few runs suffice.
        if (i >= RAW_RUNS + 2) {
          if (i >= 2) service.push(serviceMs);
          continue;
        }
        t = performance.now();
        await sql`select assignee_id, substr(started_at, 1, 10) as day, count(*) as n from evaluations
          where started_at >= ${from} and started_at < ${addDays(to, 1)} group by assignee_id, day`.execute(
          ctx.db,
        );
        await sql`select assignee_id, substr(signed_at, 1, 10) as day, count(*) as n,
            sum((julianday(signed_at) - julianday(started_at)) * 1440) as minutes
          from evaluations where status = 'signed' and signed_at >= ${from} and signed_at < ${addDays(to, 1)}
          group by assignee_id, day`.execute(ctx.db);
        const sqlMs = performance.now() - t;
        if (i >= 2) {
          // the first two are warm-up
          service.push(serviceMs);
          raw.push(sqlMs);
        }
      }
      rows.push({
        range: `${from} … ${to}`,
        weeks,
        serviceP50: percentile(service, 0.5),
        serviceP95: percentile(service, 0.95),
        sqlP50: percentile(raw, 0.5),
        sqlP95: percentile(raw, 0.95),
      });
    }
  } finally {
    await closeContext(ctx);
  }
  return rows;
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      db: { type: 'string' },
      requests: { type: 'string', default: '30' },
      patients: { type: 'string', default: '2000' },
      evaluations: { type: 'string', default: '10000' },
    },
  });
  let file = args.db ? path.resolve(args.db) : '';
  let dir = '';
  if (!file) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-workload-bench-'));
    file = path.join(dir, 'scale.db');
    console.error(`Seeding ${args.patients} patients / ${args.evaluations} evaluations into ${file} …`);
    await seedScale({ file, patients: Number(args.patients), evaluations: Number(args.evaluations) });
  }
  try {
    const rows = await runWorkloadBench({ file, requests: Number(args.requests) });
    console.log(`Workload summary, cache cold, ${args.requests} calls per range (${file})`);
    console.log('weeks  range                     service p50  p95 ms   raw SQL p50  p95 ms');
    for (const r of rows) {
      console.log(
        `${String(r.weeks).padStart(5)}  ${r.range.padEnd(24)}  ${r.serviceP50.toFixed(1).padStart(10)} ${r.serviceP95.toFixed(1).padStart(7)}   ${r.sqlP50.toFixed(1).padStart(10)} ${r.sqlP95.toFixed(1).padStart(7)}`,
      );
    }
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
