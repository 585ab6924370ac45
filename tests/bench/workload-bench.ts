/**
 * Workload summary at scale: 100,000 patients and 1,000,000 evaluations in a temporary SQLite
 * database, then GET /api/workload over HTTP next to a bare Express JSON route.
 *
 *   npx tsx tests/bench/workload-bench.ts [--patients 100000] [--per-patient 10] [--requests 300]
 *       [--seconds 10] [--keep] [--db <file kept by an earlier --keep run: skips the bulk load>]
 *
 * Steps: bulk load (better-sqlite3 prepared statements in large transactions) → build the rollups
 * (rebuildWorkloadRollups, as `workload:check --fix` does) → consistency check against a full
 * recount → sequential requests (p50/p95/p99) and autocannon runs (10 connections) against the real
 * app and a bare Express route in the same process. Not a test: it prints figures.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findingCatalog } from '@rls/shared';
import SQLite from 'better-sqlite3';
import express from 'express';
import { sql } from 'kysely';
import { pino } from 'pino';
import { createApp } from '../../server/src/app';
import { ManualClock } from '../../server/src/clock';
import { loadConfig } from '../../server/src/config';
import { closeContext, createContext } from '../../server/src/context';
import { migrateToLatest } from '../../server/src/db/migrations';
import { createUser } from '../../server/src/features/users/service';
import { checkWorkloadRollups } from '../../server/src/features/workload/check';
import { rebuildWorkloadRollups } from '../../server/src/features/workload/rebuild';

const { values: args } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    'per-patient': { type: 'string', default: '10' },
    clinicians: { type: 'string', default: '40' },
    requests: { type: 'string', default: '300' },
    seconds: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    db: { type: 'string' },
  },
});
const PATIENTS = Number(args.patients);
const PER_PATIENT = Number(args['per-patient']);
const CLINICIANS = Number(args.clinicians);
const REQUESTS = Number(args.requests);
const SECONDS = Number(args.seconds);

const NOW = new Date('2026-11-25T12:00:00.000Z');
const TZ = 'Europe/Berlin';
const SPAN_MS = 5 * 365 * 86_400_000; // evaluations over the last five years
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// --- deterministic data ---------------------------------------------------------------------------

let seed = 20261125;
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
/** Log-normal duration with the given median (ms). */
const logNormal = (median: number, sigma: number) => {
  const u = Math.max(1e-9, random());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return median * Math.exp(sigma * z);
};
const iso = (ms: number) => new Date(ms).toISOString();

const FINDING_CODES = Object.keys(findingCatalog);
const STAGES = ['history', 'exam', 'labs', 'imaging'] as const;
const ANSWERS = JSON.stringify({
  'criteria.urge': true,
  'criteria.rest': true,
  'criteria.movementRelief': true,
  'criteria.eveningWorse': true,
  'criteria.notMimic': true,
  'irls.total': 22,
  'lab.ferritin': 48,
  'lab.tsat': 17,
  'lab.hemoglobin': 12.4,
  'lab.egfr': 71,
  'exam.ceap.left': 'C3',
  'exam.ceap.right': 'C2',
  'duplex.performed': true,
  'duplex.refluxMs.gsv.left': 820,
  'abi.left': 1.02,
  'abi.right': 0.97,
});

function assessmentJson(): string {
  const n = 1 + Math.floor(random() * 5);
  const codes = new Set<string>(['rls.criteria-met']);
  while (codes.size < n) codes.add(pick(FINDING_CODES));
  return JSON.stringify({
    findings: [...codes].map((code) => ({
      code,
      label: findingCatalog[code]!.label,
      text: '',
      cause: findingCatalog[code]!.cause,
      evidence: [],
      suggestions: [],
    })),
    pending: [],
    pendingByStage: { history: [], exam: [], labs: [], imaging: [] },
  });
}

function stageTimes(start: number, end: number): string {
  // Four stages in order inside [start, end].
  const cuts = [random(), random(), random(), random(), random(), random(), random(), random()].sort();
  const at = (f: number) => iso(start + f * (end - start));
  const times: Record<string, { firstAt: string; lastAt: string }> = {};
  STAGES.forEach((stage, i) => (times[stage] = { firstAt: at(cuts[2 * i]!), lastAt: at(cuts[2 * i + 1]!) }));
  return JSON.stringify(times);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** 100k patients × 10 evaluations straight into SQLite: prepared statements, 5,000 patients per transaction. */
function bulkLoad(file: string): string[] {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -262144'); // 256 MiB for the load

  // Bulk-load technique: drop the secondary indexes of the two big tables, load, create them again
  // (one sort per index instead of a million random index inserts).
  const indexes = raw
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and tbl_name in ('patients', 'evaluations') and sql is not null`,
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) raw.exec(`drop index ${index.name}`);

  const clinicianIds: string[] = [];
  const t = Date.now();
  const insertUser = raw.prepare(
    `insert into users (id, username, name, role, password_hash, active, mfa_enabled, created_at, updated_at, password_changed_at)
     values (?, ?, ?, 'clinician', 'not-a-login', 1, 0, ?, ?, ?)`,
  );
  raw.transaction(() => {
    for (let i = 1; i <= CLINICIANS; i++) {
      const id = randomUUID();
      clinicianIds.push(id);
      const at = iso(NOW.getTime() - SPAN_MS);
      insertUser.run(id, `clin${i}`, `Dr. Bench ${String(i).padStart(2, '0')}`, at, at, at);
    }
  })();

  const insertPatient = raw.prepare(
    `insert into patients (id, mrn, name, birth_date, sex, search_text, created_at, updated_at, created_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvaluation = raw.prepare(
    `insert into evaluations (id, patient_id, status, workflow_version, version, assignee_id, current_stage, answers,
       answer_meta, plan, assessment, stage_times, follow_up_date, started_at, updated_at, signed_at, signed_by, created_by)
     values (?, ?, ?, 1, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const start = NOW.getTime() - SPAN_MS;
  let evaluations = 0;
  let open = 0;
  const BATCH = 5000;
  for (let p0 = 0; p0 < PATIENTS; p0 += BATCH) {
    raw.transaction(() => {
      for (let p = p0; p < Math.min(PATIENTS, p0 + BATCH); p++) {
        const patientId = randomUUID();
        const name = `Bench Patient ${p}`;
        const mrn = `B${String(p).padStart(7, '0')}`;
        const created = iso(start);
        insertPatient.run(
          patientId,
          mrn,
          name,
          '1960-01-01',
          p % 2 ? 'female' : 'male',
          `${name} ${mrn}`.toLowerCase(),
          created,
          created,
          clinicianIds[0],
        );
        const starts = Array.from({ length: PER_PATIENT }, () => start + random() * (SPAN_MS - DAY)).sort(
          (a, b) => a - b,
        );
        const lastOpen = random() < 0.3;
        starts.forEach((startedMs, i) => {
          const assignee = pick(clinicianIds);
          const next = starts[i + 1] ?? NOW.getTime();
          const isOpen = lastOpen && i === starts.length - 1;
          if (isOpen) {
            open += 1;
            const updated = Math.max(startedMs, NOW.getTime() - random() * 20 * DAY);
            insertEvaluation.run(
              randomUUID(),
              patientId,
              random() < 0.1 ? 'amending' : 'draft',
              3,
              assignee,
              pick(STAGES),
              ANSWERS,
              '{"selected":[],"custom":[],"followUpDate":null,"reviewed":false}',
              '{"findings":[],"pending":[]}',
              stageTimes(startedMs, updated),
              null,
              iso(startedMs),
              iso(updated),
              null,
              null,
              assignee,
            );
          } else {
            const signedMs = Math.max(
              startedMs + MIN,
              Math.min(startedMs + logNormal(6 * HOUR, 1.8), next - MIN, NOW.getTime() - MIN),
            );
            const followUp =
              random() < 0.6 ? iso(signedMs + (28 + Math.floor(random() * 56)) * DAY).slice(0, 10) : null;
            insertEvaluation.run(
              randomUUID(),
              patientId,
              'signed',
              12,
              assignee,
              'signed',
              ANSWERS,
              JSON.stringify({ selected: [], custom: [], followUpDate: followUp, reviewed: true }),
              assessmentJson(),
              stageTimes(startedMs, signedMs),
              followUp,
              iso(startedMs),
              iso(signedMs),
              iso(signedMs),
              assignee,
              assignee,
            );
          }
          evaluations += 1;
        });
      }
    })();
    if ((p0 / BATCH) % 4 === 3)
      process.stdout.write(`  loaded ${(p0 + BATCH).toLocaleString('en')} patients…\r`);
  }
  const loaded = Date.now() - t;
  const t2 = Date.now();
  for (const index of indexes) raw.exec(index.sql);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  console.log(
    `Bulk load: ${evaluations.toLocaleString('en')} evaluations (${open.toLocaleString('en')} open) in ${seconds(loaded)}, ${indexes.length} indexes rebuilt in ${seconds(Date.now() - t2)}`,
  );
  return clinicianIds;
}

// --- load -----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const reuse = args.db !== undefined;
  const dir = reuse
    ? path.dirname(path.resolve(args.db!))
    : fs.mkdtempSync(path.join(os.tmpdir(), 'rls-bench-'));
  const file = reuse ? path.resolve(args.db!) : path.join(dir, 'bench.db');
  console.log(
    `Workload benchmark: ${PATIENTS.toLocaleString('en')} patients × ${PER_PATIENT} evaluations, ${CLINICIANS} clinicians, TZ ${TZ}`,
  );
  console.log(`Database: ${file}`);
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})\n`);

  const config = loadConfig({ DATABASE_URL: `sqlite:${file}`, LOG_LEVEL: 'silent', TZ, RLS_DEMO: '0' });
  const ctx = createContext(config, { clock: new ManualClock(NOW), logger: pino({ level: 'silent' }) });
  await migrateToLatest(ctx.db, ctx.dialect);
  const adminPassword = 'quiet harbour lantern 42';
  let t = Date.now();
  let clinicianIds: string[];
  if (reuse) {
    const users = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'clinician')
      .orderBy('username')
      .execute();
    clinicianIds = users.map((u) => u.id);
    const count = await ctx.db
      .selectFrom('evaluations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    console.log(`Reusing ${file}: ${count.n} evaluations`);
  } else {
    await createUser(ctx, null, {
      username: 'admin',
      role: 'admin',
      name: 'Bench Admin',
      password: adminPassword,
    });
    clinicianIds = bulkLoad(file);
  }

  t = Date.now();
  const rebuilt = await rebuildWorkloadRollups(ctx.db, ctx.dialect, TZ, NOW);
  console.log(`Rollups built in ${seconds(Date.now() - t)}: ${JSON.stringify(rebuilt.rows)}`);
  t = Date.now();
  const check = await checkWorkloadRollups(ctx.db, TZ);
  console.log(
    `Consistency check in ${seconds(Date.now() - t)}: ${check.ok ? 'rollups match a full recount' : `${check.differenceCount} DIFFERENCES`} (${check.evaluations.toLocaleString('en')} evaluations)`,
  );
  console.log(`Database size: ${(fs.statSync(file).size / 1e9).toFixed(2)} GB\n`);

  // --- HTTP -------------------------------------------------------------------------------------------
  const app = createApp(ctx).listen(0, '127.0.0.1');
  await new Promise((resolve) => app.once('listening', resolve));
  const base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;

  const bare = express();
  bare.set('etag', false);
  bare.get('/bare', (_req, res) => {
    res.json({ ok: true, at: Date.now() });
  });
  const bareServer = bare.listen(0, '127.0.0.1');
  await new Promise((resolve) => bareServer.once('listening', resolve));
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;

  const someClinician = clinicianIds[3]!;
  // "cold": the rollup version is bumped before every request (as an evaluation change does), so the
  // cached rollup figures are never reused — every request recomputes from the rollup tables.
  const bump = () => sql`update workload_version set version = version + 1 where id = 1`.execute(ctx.db);
  const summaryUrl = `${base}/api/workload`;
  const yearUrl = `${base}/api/workload?from=2025-11-27&to=2026-11-25`;
  const targets: {
    label: string;
    url: string;
    headers: Record<string, string>;
    before?: () => Promise<unknown>;
  }[] = [
    { label: 'GET /api/workload (12 weeks) cold', url: summaryUrl, headers: { cookie }, before: bump },
    { label: 'GET /api/workload (12 weeks) cached', url: summaryUrl, headers: { cookie } },
    { label: 'GET /api/workload (52 weeks) cold', url: yearUrl, headers: { cookie }, before: bump },
    {
      label: 'GET /api/workload?clinician=… (12 w) cold',
      url: `${summaryUrl}?clinician=${someClinician}`,
      headers: { cookie },
      before: bump,
    },
    {
      label: 'GET /api/workload/evaluations?kind=overdue',
      url: `${base}/api/workload/evaluations?kind=overdue`,
      headers: { cookie },
    },
    {
      label: 'GET …/evaluations?kind=started&clinician=…',
      url: `${base}/api/workload/evaluations?kind=started&clinician=${someClinician}`,
      headers: { cookie },
    },
    { label: 'bare Express JSON route', url: `${bareBase}/bare`, headers: {} },
  ];

  const first = await fetch(targets[0]!.url, { headers: targets[0]!.headers });
  const body = (await first.json()) as {
    open: number;
    overdue: number;
    signedInPeriod: number;
    startedInPeriod: number;
    hoursToSign: unknown;
  };
  console.log(
    `Summary (12 weeks): open ${body.open}, overdue ${body.overdue}, started ${body.startedInPeriod}, signed ${body.signedInPeriod}, hours to sign ${JSON.stringify(body.hoursToSign)}\n`,
  );

  console.log(`Sequential: ${REQUESTS} requests each after 20 warm-up requests (one connection, keep-alive)`);
  console.log('  route                                           p50 ms   p95 ms   p99 ms   max ms');
  for (const target of targets) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS + 20; i++) {
      if (target.before) await target.before();
      const t0 = performance.now();
      const res = await fetch(target.url, { headers: target.headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${target.label}: HTTP ${res.status}`);
      if (i >= 20) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const q = (p: number) =>
      times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!.toFixed(1).padStart(7);
    console.log(`  ${target.label.padEnd(46)} ${q(0.5)}  ${q(0.95)}  ${q(0.99)}  ${q(1)}`);
  }

  const require = createRequire(import.meta.url);
  const autocannon = require('autocannon') as (opts: object) => Promise<AutocannonResult>;
  console.log(`\nautocannon: 10 connections for ${SECONDS} s each (load generator on the same 2 CPUs)`);
  console.log(
    '  route                                           req/s    p50 ms   p97.5 ms  p99 ms   non-2xx',
  );
  for (const target of [targets[1]!, targets[6]!]) {
    const r = await autocannon({
      url: target.url,
      headers: target.headers,
      connections: 10,
      duration: SECONDS,
    });
    console.log(
      `  ${target.label.padEnd(46)} ${r.requests.average.toFixed(0).padStart(6)}  ${String(r.latency.p50).padStart(7)}  ${String(r.latency.p97_5).padStart(8)}  ${String(r.latency.p99).padStart(7)}  ${String(r.non2xx).padStart(7)}`,
    );
  }

  await new Promise<void>((resolve) => app.close(() => resolve()));
  app.closeAllConnections();
  await new Promise<void>((resolve) => bareServer.close(() => resolve()));
  bareServer.closeAllConnections();
  await closeContext(ctx);
  if (args.keep || reuse) console.log(`\nKept ${file}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p97_5: number; p99: number };
  non2xx: number;
}

await main();
