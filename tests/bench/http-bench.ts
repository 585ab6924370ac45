/**
 * HTTP throughput of the endpoints clinicians wait on, each beside a bare Express 5 hello-world
 * (tests/bench/hello-world.mjs) measured in the same run at the same connection count, as a ratio.
 *
 * Used by the benchmark orchestrator (tests/bench/bench.ts) through `runHttpBench` and `login`; also
 * runs on its own against servers already listening:
 *
 *   npx tsx tests/bench/http-bench.ts --base http://127.0.0.1:3000 --hello http://127.0.0.1:3001/hello \
 *     --username clin1 --password … [--admin-username admin --admin-password …] \
 *     --evaluation <id> --patient <id> --search <term> [--connections 20,50] [--seconds 5] [--only name,…]
 *
 * autocannon 9 drives the load from this process (on the same CPUs as the servers: ratios, not
 * absolute figures, carry to other machines). Latencies are every response's own time, so p50, p95
 * and p99 are exact over the run (autocannon's summary has no p95). For each connection count the
 * hello-world is measured before and after the endpoints and the two are averaged, so a drift in
 * machine load during the run shows in both sides of the ratio.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

export interface HttpBenchTargets {
  /** An open (draft or amending) evaluation the logged-in clinician may read and change. */
  evaluationId: string;
  patientId: string;
  /** Worklist search text that matches a realistic number of patients. */
  searchTerm: string;
  /**
   * Search texts the worklist search row cycles through, one per request (as clinicians type
   * different names): without them every request repeats `searchTerm`.
   */
  searchTerms?: string[];
}

export interface HttpBenchOptions {
  /** The app, e.g. http://127.0.0.1:3000 (no trailing path). */
  baseUrl: string;
  /** The hello-world route, e.g. http://127.0.0.1:3001/hello (a bare origin gets /hello appended). */
  helloUrl: string;
  /** A clinician's session cookie (`rls_session=…`) and its CSRF token (needed for the PATCH). */
  cookie: string;
  csrf?: string;
  /**
   * An administrator's session cookie for the workload rows (`GET /api/workload` is for administrators
   * only). Without it the two workload rows are left out.
   */
  adminCookie?: string;
  targets: HttpBenchTargets;
  connections: number[];
  /** Duration of each autocannon run. */
  seconds: number;
  /** Only these endpoints (names as in the result); default all. */
  only?: string[];
}

export interface HttpBenchRow {
  name: string;
  connections: number;
  /** Successful responses per second (2xx only: errors do not count as throughput). */
  rps: number;
  /** Latency percentiles in ms over every response of the run. */
  p50: number;
  p95: number;
  p99: number;
  /** hello-world requests per second at the same connection count in the same run. */
  helloRps: number;
  /** rps / helloRps. */
  ratio: number;
  /** Non-2xx responses, socket errors and timeouts. */
  errors: number;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'PATCH';
  path: string;
  admin?: boolean;
  /** A fresh body for each request (PATCH). */
  body?: () => string;
  /** A fresh path for each request (the search cycling through its terms). */
  nextPath?: () => string;
}

const require = createRequire(import.meta.url);

interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  duration: number;
}
interface AutocannonInstance extends Promise<AutocannonResult> {
  on(
    event: 'response',
    fn: (client: unknown, statusCode: number, bytes: number, responseTime: number) => void,
  ): void;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
}) => AutocannonInstance;

const autocannon = require('autocannon') as Autocannon;

/** YYYY-MM-DD of `date` in UTC, shifted by `days`. */
function isoDate(date: Date, days = 0): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

const searchPath = (term: string) => `/api/patients?query=${encodeURIComponent(term)}&page=1&pageSize=25`;

function endpointsOf(targets: HttpBenchTargets): Endpoint[] {
  const today = new Date();
  let value = 20;
  return [
    { name: 'GET evaluation', method: 'GET', path: `/api/evaluations/${targets.evaluationId}` },
    {
      name: 'PATCH answers',
      method: 'PATCH',
      path: `/api/evaluations/${targets.evaluationId}`,
      // A different value each time: every request is a real change, committed durably.
      body: () => JSON.stringify({ answers: { 'lab.ferritin': (value = value >= 400 ? 20 : value + 1) } }),
    },
    { name: 'worklist page', method: 'GET', path: '/api/patients?page=1&pageSize=25' },
    {
      name: 'worklist search',
      method: 'GET',
      path: searchPath(targets.searchTerm),
      nextPath:
        targets.searchTerms && targets.searchTerms.length > 0
          ? ((terms) => {
              let i = 0;
              return () => searchPath(terms[i++ % terms.length]!);
            })(targets.searchTerms)
          : undefined,
    },
    { name: 'patient page', method: 'GET', path: `/api/patients/${targets.patientId}` },
    { name: 'workload 12 weeks', method: 'GET', path: '/api/workload', admin: true },
    {
      name: 'workload 52 weeks',
      method: 'GET',
      path: `/api/workload?from=${isoDate(today, -363)}&to=${isoDate(today)}`,
      admin: true,
    },
  ];
}

function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const v = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return Math.round(v * 100) / 100;
}

interface Measured {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

async function measure(
  url: string,
  connections: number,
  seconds: number,
  request: AutocannonRequest,
): Promise<Measured> {
  const times: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests: [request],
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    times.push(responseTime);
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    rps: Math.round(result['2xx'] / (result.duration || seconds)),
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    p99: quantile(times, 0.99),
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

function requestOf(endpoint: Endpoint, cookie: string, csrf: string | undefined): AutocannonRequest {
  const headers: Record<string, string> = { cookie, 'accept-encoding': 'gzip, br' };
  if (endpoint.method !== 'GET') {
    headers['content-type'] = 'application/json';
    headers['if-match'] = '*';
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  const base: AutocannonRequest = { method: endpoint.method, path: endpoint.path, headers };
  const { body, nextPath } = endpoint;
  if (!body && !nextPath) return base;
  return {
    ...base,
    setupRequest: (req) => ({
      ...req,
      ...(body ? { body: body() } : {}),
      ...(nextPath ? { path: nextPath() } : {}),
    }),
  };
}

/** One request of each endpoint first: a wrong id or cookie fails the run with its status, not a row of errors. */
async function check(baseUrl: string, endpoint: Endpoint, request: AutocannonRequest): Promise<void> {
  const body = endpoint.body?.();
  const res = await fetch(`${baseUrl}${endpoint.path}`, {
    method: endpoint.method,
    headers: request.headers,
    ...(body ? { body } : {}),
  });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(
      `${endpoint.name}: ${endpoint.method} ${endpoint.path} answered ${res.status} ${text.slice(0, 300)}`,
    );
  }
}

function helloTarget(helloUrl: string): string {
  const url = new URL(helloUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/hello';
  return url.toString();
}

/**
 * Every endpoint at every connection count, each beside the hello-world at that count.
 * Rows come in the order connections × endpoints.
 */
export async function runHttpBench(opts: HttpBenchOptions): Promise<HttpBenchRow[]> {
  const hello = helloTarget(opts.helloUrl);
  const base = opts.baseUrl.replace(/\/+$/, '');
  const endpoints = endpointsOf(opts.targets).filter(
    (e) => (!opts.only || opts.only.includes(e.name)) && (!e.admin || opts.adminCookie),
  );
  const requests = new Map(
    endpoints.map((e) => [e.name, requestOf(e, e.admin ? opts.adminCookie! : opts.cookie, opts.csrf)]),
  );
  for (const e of endpoints) await check(base, e, requests.get(e.name)!);

  const rows: HttpBenchRow[] = [];
  for (const connections of opts.connections) {
    const before = await measure(hello, connections, opts.seconds, { method: 'GET' });
    const measured: [Endpoint, Measured][] = [];
    for (const e of endpoints) {
      measured.push([e, await measure(base, connections, opts.seconds, requests.get(e.name)!)]);
    }
    const after = await measure(hello, connections, opts.seconds, { method: 'GET' });
    const helloRps = Math.round((before.rps + after.rps) / 2);
    for (const [e, m] of measured) {
      rows.push({
        name: e.name,
        connections,
        ...m,
        helloRps,
        ratio: helloRps > 0 ? Math.round((m.rps / helloRps) * 1000) / 1000 : 0,
      });
    }
  }
  return rows;
}

/**
 * Logs in with a password (the user must have no second factor) and returns the session cookie
 * (`rls_session=…`) and the session's CSRF token.
 */
export async function login(
  baseUrl: string,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf?: string }> {
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { csrfToken?: string; mfaRequired?: boolean };
  if (body.mfaRequired) throw new Error(`login as ${username}: the user has a second factor`);
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('rls_session='));
  if (!session) throw new Error(`login as ${username}: no session cookie`);
  return { cookie: session, ...(body.csrfToken ? { csrf: body.csrfToken } : {}) };
}

/** A table of rows, as the orchestrator prints it. */
export function formatHttpBench(rows: HttpBenchRow[]): string {
  const head = ['endpoint', 'conns', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'hello req/s', 'ratio', 'errors'];
  const lines = rows.map((r) => [
    r.name,
    String(r.connections),
    String(r.rps),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    String(r.helloRps),
    `${r.ratio.toFixed(2)}×`,
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [head, ...lines]
    .map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

async function main(): Promise<void> {
  const { values: a } = parseArgs({
    options: {
      base: { type: 'string' },
      hello: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
      'admin-username': { type: 'string' },
      'admin-password': { type: 'string' },
      evaluation: { type: 'string' },
      patient: { type: 'string' },
      search: { type: 'string' },
      connections: { type: 'string', default: '20,50' },
      seconds: { type: 'string', default: '5' },
      only: { type: 'string' },
    },
  });
  const missing = ['base', 'hello', 'username', 'password', 'evaluation', 'patient', 'search'].filter(
    (k) => !a[k as keyof typeof a],
  );
  if (missing.length > 0) {
    console.error(`missing: ${missing.map((m) => `--${m}`).join(' ')}`);
    process.exit(2);
  }
  const session = await login(a.base!, a.username!, a.password!);
  const admin =
    a['admin-username'] && a['admin-password']
      ? await login(a.base!, a['admin-username'], a['admin-password'])
      : undefined;
  const rows = await runHttpBench({
    baseUrl: a.base!,
    helloUrl: a.hello!,
    cookie: session.cookie,
    ...(session.csrf ? { csrf: session.csrf } : {}),
    ...(admin ? { adminCookie: admin.cookie } : {}),
    targets: { evaluationId: a.evaluation!, patientId: a.patient!, searchTerm: a.search! },
    connections: a.connections.split(',').map(Number),
    seconds: Number(a.seconds),
    ...(a.only ? { only: a.only.split(',') } : {}),
  });
  console.log(formatHttpBench(rows));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
