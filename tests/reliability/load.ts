/**
 * Load (issue 17; docs/reliability.md): the real server holds a mixed clinic load.
 *
 *   npm run load -- [--duration 600] [--rate 200] [--connections 20] [--entry server/dist/main.js]
 *       [--max-p99 250] [--json report.json]
 *
 * Runs `node server/dist/main.js` (LOG_LEVEL info, its request log written to a file, as in
 * production) over a fresh SQLite file — or a fresh database on the PostgreSQL server DATABASE_URL
 * names — with the demo clinic, and drives it with autocannon at a fixed overall rate from
 * `--connections` connections, each a clinician's tab working on its own evaluation, cycling through:
 *
 *   worklist (GET /api/patients?sort=-updated) → evaluation GET → PATCH with If-Match (a note or a
 *   ferritin value: the assessment is recomputed) → worklist search → evaluation GET → PATCH →
 *   patient create (POST /api/patients with an Idempotency-Key) → patient GET
 *
 * and prints the rate held, latency percentiles (overall and per request kind, measured per response,
 * without coordinated-omission correction; autocannon's corrected p99 beside it), errors and
 * non-2xx answers, and the server's memory (RSS) over the run. Exit code 1 when an error or non-2xx
 * answer occurred, the rate fell below 98 % of the target, or p99 exceeded --max-p99.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, ensureServerBuilt, freshDatabase, ServerProcess, sleep } from './harness';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '600' },
    rate: { type: 'string', default: '200' },
    connections: { type: 'string', default: '20' },
    entry: { type: 'string' },
    'max-p99': { type: 'string', default: '250' },
    /** Write a V8 CPU profile of the server into this folder (node --cpu-prof). */
    profile: { type: 'string' },
    json: { type: 'string' },
  },
});
const DURATION = Number(args.duration);
const RATE = Number(args.rate);
const CONNECTIONS = Number(args.connections);
const MAX_P99 = Number(args['max-p99']);

/** The part of autocannon's API used here (it ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest, context: Tab) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Tab) => void;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', fn: (client: object, status: number, bytes: number, ms: number) => void): void;
}
const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: object) => AutocannonInstance;

/** One connection's state: whose session, which evaluation at which version. */
interface Tab {
  slot?: number;
  version?: number;
}
interface Slot {
  cookie: string;
  csrf: string;
  evaluationId: string;
  patientId: string;
  version: number;
  creates: number;
  saves: number;
}

const KINDS = [
  'worklist',
  'evaluation GET',
  'PATCH',
  'worklist search',
  'evaluation GET',
  'PATCH',
  'patient create',
  'patient GET',
] as const;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** CPU seconds (user + system) the process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  if (!args.entry) ensureServerBuilt();
  const postgresUrl = process.env.DATABASE_URL;
  const database = await freshDatabase(postgresUrl);
  const logFile = path.join(os.tmpdir(), `rls-load-${process.pid}.log`);
  const server = await ServerProcess.create({
    database,
    logFile,
    ...(args.entry ? { entry: path.resolve(args.entry) } : {}),
    env: { LOG_LEVEL: 'info' },
    ...(args.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args.profile)}`] } : {}),
  });
  let failed = false;
  try {
    await server.start();
    const sessions = [
      await new Client(server.baseUrl).login('clinician'),
      await new Client(server.baseUrl).login('clinician2'),
    ];
    const slots: Slot[] = [];
    // Twice as many slots as connections: autocannon builds a connection's next request when it sends
    // the current one, so a connection holds its next pass's slot before giving back the last one.
    for (let i = 0; i < 2 * CONNECTIONS; i++) {
      const tab = sessions[i % 2]!;
      const patient = await tab.request<{ id: string }>('POST', '/api/patients', {
        mrn: `LOAD-${i}-${randomUUID().slice(0, 8)}`,
        name: `Load Test ${i}`,
        birthDate: '1958-09-10',
        sex: i % 2 ? 'male' : 'female',
      });
      const evaluation = await tab.request<{ id: string; version: number }>(
        'POST',
        `/api/patients/${patient.body.id}/evaluations`,
        {},
      );
      slots.push({
        cookie: tab.cookie!,
        csrf: tab.csrfToken!,
        evaluationId: evaluation.body.id,
        patientId: patient.body.id,
        version: evaluation.body.version,
        creates: 0,
        saves: 0,
      });
    }

    // autocannon clears a connection's context after each pass through `requests`: a connection takes
    // a free slot (session, evaluation, version) at the first request of a pass and gives it back
    // after the last, so no two connections ever save the same evaluation at once.
    const free = slots.map((_, i) => i);
    let fallback = 0;
    const slotOf = (context: Tab): Slot => {
      context.slot ??= free.shift() ?? fallback++ % slots.length;
      return slots[context.slot]!;
    };
    const release = (context: Tab) => {
      if (context.slot !== undefined) free.push(context.slot);
    };
    const withSession = (req: AutocannonRequest, slot: Slot, extra: Record<string, string> = {}) => ({
      ...req,
      headers: {
        ...req.headers,
        accept: 'application/json',
        cookie: slot.cookie,
        'x-csrf-token': slot.csrf,
        ...extra,
      },
    });
    const readVersion = (status: number, body: string, context: Tab) => {
      if (status !== 200) return;
      const slot = slotOf(context);
      slot.version = (JSON.parse(body) as { version: number }).version;
    };
    const evaluationGet: AutocannonRequest = {
      method: 'GET',
      setupRequest: (req, context) => {
        const slot = slotOf(context);
        return withSession({ ...req, path: `/api/evaluations/${slot.evaluationId}` }, slot);
      },
      onResponse: readVersion,
    };
    const patch: AutocannonRequest = {
      method: 'PATCH',
      setupRequest: (req, context) => {
        const slot = slotOf(context);
        slot.saves += 1;
        const answers =
          slot.saves % 2 === 0
            ? { 'notes.labs': `Load note ${slot.saves} ${'x'.repeat(slot.saves % 200)}` }
            : { 'lab.ferritin': 10 + (slot.saves % 290) };
        return withSession(
          { ...req, path: `/api/evaluations/${slot.evaluationId}`, body: JSON.stringify({ answers }) },
          slot,
          { 'content-type': 'application/json', 'if-match': `"${slot.version}"` },
        );
      },
      onResponse: readVersion,
    };
    const requests: AutocannonRequest[] = [
      {
        method: 'GET',
        setupRequest: (req, context) =>
          withSession({ ...req, path: '/api/patients?sort=-updated' }, slotOf(context)),
      },
      evaluationGet,
      patch,
      {
        method: 'GET',
        setupRequest: (req, context) => {
          const slot = slotOf(context);
          return withSession({ ...req, path: `/api/patients?query=load%20test%20${slot.saves % 10}` }, slot);
        },
      },
      evaluationGet,
      patch,
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const slot = slotOf(context);
          slot.creates += 1;
          const body = {
            mrn: `LOADC-${context.slot}-${slot.creates}-${randomUUID().slice(0, 6)}`,
            name: `Load Created ${context.slot} ${slot.creates}`,
            birthDate: '1971-02-03',
            sex: 'female',
          };
          return withSession({ ...req, path: '/api/patients', body: JSON.stringify(body) }, slot, {
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          });
        },
      },
      {
        method: 'GET',
        setupRequest: (req, context) => {
          const slot = slotOf(context);
          return withSession({ ...req, path: `/api/patients/${slot.patientId}` }, slot);
        },
        onResponse: (_status, _body, context) => release(context),
      },
    ];

    // Memory of the server process, sampled every 5 s.
    const memory: number[] = [rssMb(server.pid)];
    const serverCpuStart = cpuSeconds(server.pid);
    const loadCpuStart = process.cpuUsage();
    const sampler = setInterval(() => memory.push(rssMb(server.pid)), 5000);

    const latencies: number[] = [];
    const kindLists = new Map<string, number[]>();
    const counts = new Map<object, number>();
    const statuses = new Map<string, number>();
    console.log(
      `load: ${RATE} req/s for ${DURATION} s from ${CONNECTIONS} connections on ${database.kind} (server log ${logFile})`,
    );
    const instance = autocannon({
      url: server.baseUrl,
      connections: CONNECTIONS,
      overallRate: RATE,
      duration: DURATION,
      timeout: 10,
      requests,
    });
    instance.on('response', (client, status, _bytes, ms) => {
      const n = counts.get(client) ?? 0;
      counts.set(client, n + 1);
      const kind = KINDS[n % KINDS.length]!;
      latencies.push(ms);
      const list = kindLists.get(kind) ?? [];
      list.push(ms);
      kindLists.set(kind, list);
      const key = `${kind} ${status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    });
    const result = await instance;
    clearInterval(sampler);
    memory.push(rssMb(server.pid));
    const serverCpu = cpuSeconds(server.pid) - serverCpuStart;
    const loadCpu = process.cpuUsage(loadCpuStart);

    latencies.sort((a, b) => a - b);
    const held = result.requests.total / result.duration;
    const p = (q: number) => percentile(latencies, q);
    const report = {
      database: database.kind,
      targetRate: RATE,
      seconds: result.duration,
      requests: result.requests.total,
      rate: Math.round(held * 10) / 10,
      latencyMs: { p50: p(50), p95: p(95), p99: p(99), max: latencies.at(-1) ?? NaN },
      autocannonCorrectedP99Ms: result.latency.p99,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
      byKind: Object.fromEntries(
        [...kindLists].map(([kind, list]) => {
          list.sort((a, b) => a - b);
          return [
            kind,
            {
              n: list.length,
              p50: percentile(list, 50),
              p95: percentile(list, 95),
              p99: percentile(list, 99),
            },
          ];
        }),
      ),
      nonSuccessByKind: Object.fromEntries([...statuses].filter(([k]) => !/ 2\d\d$/.test(k))),
      // Share of one core used over the run, and per request: what the machine's load does not change.
      cpu: {
        serverCorePercent: Math.round((serverCpu / result.duration) * 1000) / 10,
        serverMsPerRequest: Math.round((serverCpu * 1000 * 100) / result.requests.total) / 100,
        loadGeneratorCorePercent:
          Math.round(((loadCpu.user + loadCpu.system) / 1e6 / result.duration) * 1000) / 10,
        machineLoadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
      },
      memoryMb: {
        start: memory[0],
        max: Math.max(...memory.filter(Number.isFinite)),
        end: memory.at(-1),
      },
    };
    console.log(JSON.stringify(report, null, 2));
    if (args.json) fs.writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
    const problems = [
      report.errors > 0 ? `${report.errors} errors` : '',
      report.non2xx > 0 ? `${report.non2xx} non-2xx answers` : '',
      held < RATE * 0.98 ? `rate ${held.toFixed(1)} below ${RATE}` : '',
      report.latencyMs.p99 > MAX_P99 ? `p99 ${report.latencyMs.p99} ms above ${MAX_P99} ms` : '',
    ].filter(Boolean);
    console.log(problems.length === 0 ? 'load: PASS' : `load: FAIL (${problems.join(', ')})`);
    failed = problems.length > 0;
    const stopped = await server.stop();
    if (stopped.code !== 0) {
      console.log(`the server exited with ${stopped.code ?? stopped.signal} on SIGTERM`);
      failed = true;
    }
  } finally {
    await server.kill().catch(() => {});
    await sleep(50);
    await database.drop().catch(() => {});
  }
  process.exitCode = failed ? 1 : 0;
}

await main();
