/**
 * `npm run bench`: the performance figures of RLS Workup, measured against the limits of its own stack.
 *
 *   npm run bench [-- --quick] [--patients 100000] [--evaluations 1000000] [--seconds 10]
 *                 [--connections 20,50] [--fresh] [--seed-only] [--out docs/benchmarks.md]
 *
 * 1. A scale database (tests/bench/scale-data.ts), seeded once and kept in the temp directory for
 *    the next run (`--fresh` seeds again).
 * 2. The built server on it, started as in production (random keys, NODE_ENV=production) in its own
 *    process, next to a bare Express 5 hello-world (tests/bench/hello-world.mjs) in another; autocannon
 *    loads both in the same run (tests/bench/http-bench.ts), so each endpoint is a ratio to the stack's
 *    own ceiling on this machine.
 * 3. The workload summary service beside the raw SQL GROUP BY it replaces (tests/bench/workload-bench.ts).
 * 4. The JavaScript each route loads, as transferred (tests/bench/js-size.ts), and in headless Chromium
 *    the time to the first worklist rows and to switch workup stages (tests/bench/browser-timing.ts).
 *
 * Prints a table and rewrites the generated part of docs/benchmarks.md (between its markers; the
 * profile notes around it are kept). `--quick` (CI: small data, one-second runs, no targets) writes
 * to the temp directory instead, so it never modifies a tracked file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { measureBrowser } from './browser-timing';
import { login, runHttpBench } from './http-bench';
import { measureRouteJs } from './js-size';
import { seedScale } from './scale-data';
import { runWorkloadBench } from './workload-bench';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    patients: { type: 'string' },
    evaluations: { type: 'string' },
    seconds: { type: 'string' },
    connections: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const quick = args.quick;
const PATIENTS = Number(args.patients ?? (quick ? 2_000 : 100_000));
const EVALUATIONS = Number(args.evaluations ?? (quick ? 10_000 : 1_000_000));
const SECONDS = Number(args.seconds ?? (quick ? 1 : 10));
const CONNECTIONS = (args.connections ?? '20,50').split(',').map(Number);
const OUT = path.resolve(
  root,
  args.out ?? (quick ? path.join(os.tmpdir(), 'rls-benchmarks-quick.md') : 'docs/benchmarks.md'),
);
for (const [name, value] of Object.entries({ PATIENTS, EVALUATIONS, SECONDS })) {
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name.toLowerCase()} must be a positive whole number`);
}
if (CONNECTIONS.some((c) => !Number.isInteger(c) || c <= 0))
  throw new Error('--connections must be whole numbers, e.g. 20,50');

const log = (line: string) => process.stderr.write(`${line}\n`);

// --- targets (issue 18); checked only in a full run, printed beside the figures -------------------

interface Target {
  what: string;
  figure: string;
  met: boolean | null;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;
const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;
function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
const median = (values: number[]) => percentile(values, 50);

// --- processes -------------------------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the process exited (code ${child.exitCode}) before it listened`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Lines the server prints while it starts (the rollup progress among them), for the report. */
function startServer(file: string, port: number): { child: ChildProcess; startupLines: string[] } {
  const startupLines: string[] = [];
  const child = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${file}`,
      RLS_DEMO: '0',
      RLS_AUDIT_KEY: randomBytes(32).toString('base64'),
      RLS_SECRET_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let listening = false;
  const collect = (chunk: Buffer) => {
    if (listening) return; // request logs: drained, not kept
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      startupLines.push(line);
      if (/"msg":"listening|listening on/i.test(line)) listening = true;
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return { child, startupLines };
}

/**
 * What clinicians type into the worklist search: the start of a surname (3–6 letters) or the last
 * digits of an MRN, drawn from the scale data: about half the searches are new to the server (its
 * per-instance page cache, docs/decisions/020-server-throughput.md, serves the repeated surnames).
 */
function searchTerms(file: string, count = 2_000): string[] {
  const db = new SQLite(file, { readonly: true });
  try {
    const rows = db.prepare('select name, mrn from patients order by random() limit ?').all(count) as {
      name: string;
      mrn: string;
    }[];
    return rows.map((r, i) => {
      if (i % 2 === 1) return r.mrn.slice(-5);
      const surname = r.name.split(' ').at(-1) ?? r.name;
      return surname.slice(0, 3 + (i % 4)).toLowerCase();
    });
  } finally {
    db.close();
  }
}

function ensureBuilt(): void {
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'scripts/ensure-built.mjs'), 'client', 'server'],
    {
      cwd: root,
      stdio: ['ignore', process.stderr, 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('the build failed: fix it, then run the benchmark again');
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(os.totalmem() / 2 ** 30, 0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function commit(): string {
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  if (rev.status !== 0) return 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
    encoding: 'utf8',
  });
  return `${rev.stdout.trim()}${dirty.stdout.trim() !== '' ? ' (with uncommitted changes)' : ''}`;
}

// --- markdown --------------------------------------------------------------------------------------

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const BEGIN = '<!-- bench:begin (generated by `npm run bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

function writeReport(generated: string): void {
  const block = `${BEGIN}\n${generated.trim()}\n${END}`;
  let text: string;
  if (fs.existsSync(OUT)) {
    const old = fs.readFileSync(OUT, 'utf8');
    const a = old.indexOf('<!-- bench:begin');
    const b = old.indexOf(END);
    text =
      a >= 0 && b > a
        ? `${old.slice(0, a)}${block}${old.slice(b + END.length)}`
        : `${old.trimEnd()}\n\n${block}\n`;
  } else {
    text = `# Benchmarks\n\n${block}\n`;
  }
  fs.writeFileSync(OUT, text);
}

// --- the run ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = Date.now();
  log(
    `RLS Workup benchmark${quick ? ' (quick: small data, short runs, no targets)' : ''}: ${fmt(PATIENTS)} patients, ${fmt(EVALUATIONS)} evaluations, ${SECONDS} s per run at ${CONNECTIONS.join(' and ')} connections`,
  );
  ensureBuilt();

  // 1. scale data, kept for the next run
  const dbFile = path.join(os.tmpdir(), `rls-bench-${PATIENTS}p-${EVALUATIONS}e.sqlite`);
  const seedFile = `${dbFile}.json`;
  let seed: Awaited<ReturnType<typeof seedScale>>;
  let seedSeconds: number | null = null;
  if (!args.fresh && fs.existsSync(dbFile) && fs.existsSync(seedFile)) {
    seed = JSON.parse(fs.readFileSync(seedFile, 'utf8')) as typeof seed;
    log(`scale data: reusing ${dbFile} (--fresh seeds again)`);
  } else {
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, seedFile]) fs.rmSync(f, { force: true });
    const t0 = performance.now();
    let lastPhase = '';
    let phaseStarted = t0;
    seed = await seedScale({
      file: dbFile,
      patients: PATIENTS,
      evaluations: EVALUATIONS,
      onProgress(phase, done, total) {
        if (phase !== lastPhase) phaseStarted = performance.now();
        lastPhase = phase;
        if (done === total)
          log(`scale data: ${phase} done in ${fmt((performance.now() - phaseStarted) / 1000, 1)} s`);
      },
    });
    seedSeconds = (performance.now() - t0) / 1000;
    fs.writeFileSync(seedFile, JSON.stringify(seed));
    log(`scale data: seeded in ${fmt(seedSeconds, 1)} s`);
  }

  if (args['seed-only']) return;

  // 2. the workload summary against raw SQL, before any server holds the file
  log('workload summary vs raw SQL GROUP BY …');
  const workload = await runWorkloadBench({ file: dbFile, requests: quick ? 5 : 100 });

  // 3. HTTP: the app and a bare Express hello-world, side by side
  const [appPort, helloPort] = [await freePort(), await freePort()];
  const hello = spawn(process.execPath, [path.join(root, 'tests/bench/hello-world.mjs'), String(helloPort)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const t0 = performance.now();
  const server = startServer(dbFile, appPort);
  const baseUrl = `http://127.0.0.1:${appPort}`;
  const helloUrl = `http://127.0.0.1:${helloPort}/hello`;
  let http: Awaited<ReturnType<typeof runHttpBench>>;
  let browser: Awaited<ReturnType<typeof measureBrowser>>;
  let startupSeconds: number;
  try {
    await waitFor(`${baseUrl}/api/health`, server.child, 300_000);
    startupSeconds = (performance.now() - t0) / 1000;
    await waitFor(helloUrl, hello, 10_000);
    log(`server listening after ${fmt(startupSeconds, 1)} s; HTTP runs …`);
    const session = await login(baseUrl, seed.sample.clinician, seed.password);
    const admin = await login(baseUrl, seed.admins[0]!, seed.password);
    const options = {
      baseUrl,
      helloUrl,
      cookie: session.cookie,
      csrf: session.csrf,
      adminCookie: admin.cookie,
      targets: {
        evaluationId: seed.sample.evaluationId,
        patientId: seed.sample.patientId,
        searchTerm: seed.sample.searchTerm,
        searchTerms: searchTerms(dbFile),
      },
      seconds: SECONDS,
    };
    http = await runHttpBench({ ...options, connections: CONNECTIONS });
    // The latency one clinician sees: one search at a time (the loaded rows above measure throughput).
    const single = await runHttpBench({ ...options, connections: [1], only: ['worklist search'] });
    http = [...single, ...http];
    log('headless Chromium: first worklist rows, stage switch …');
    browser = await measureBrowser({
      baseUrl,
      username: seed.sample.clinician,
      password: seed.password,
      iterations: quick ? 2 : 10,
    });
  } finally {
    await Promise.all([stop(server.child), stop(hello)]);
  }

  // 4. JavaScript per route
  const js = await measureRouteJs({ clientDist: path.join(root, 'client/dist') });

  // --- report --------------------------------------------------------------------------------------
  const targets: Target[] = [];
  const full = !quick;
  const at = (name: string, connections: number) =>
    http.find((r) => r.name === name && r.connections === connections);
  const maxConn = Math.max(...CONNECTIONS);
  const get = at('GET evaluation', maxConn);
  if (get) {
    targets.push({
      what: `GET evaluation ≥ 0.40 × hello-world, p99 ≤ 50 ms at ${maxConn} connections`,
      figure: `${fmt(get.ratio, 2)} ×, p99 ${ms(get.p99)}`,
      met: full ? get.ratio >= 0.4 && get.p99 <= 50 : null,
    });
  }
  const patch = at('PATCH answers', maxConn);
  if (patch) {
    targets.push({
      what: `PATCH answers ≥ 0.20 × hello-world (${maxConn} connections)`,
      figure: `${fmt(patch.ratio, 2)} ×`,
      met: full ? patch.ratio >= 0.2 : null,
    });
  }
  const search = at('worklist search', 1);
  if (search) {
    targets.push({
      what: `worklist search p95 ≤ 50 ms at ${fmt(PATIENTS)} patients (one clinician searching)`,
      figure: `p95 ${ms(search.p95)}`,
      met: full ? search.p95 <= 50 : null,
    });
  }
  if (workload.length > 0) {
    const worst = workload.reduce((a, b) => (b.serviceP95 > a.serviceP95 ? b : a));
    targets.push({
      what: `workload summary p95 ≤ 200 ms for any range up to 52 weeks at ${fmt(EVALUATIONS)} evaluations`,
      figure: `p95 ${ms(worst.serviceP95)} (${worst.weeks} weeks)`,
      met: full ? workload.every((w) => w.serviceP95 <= 200) : null,
    });
  }
  const loginWorklist = js.find((r) => r.route === 'login + worklist');
  if (loginWorklist) {
    targets.push({
      what: 'JavaScript for login + worklist ≤ 200 KiB as transferred',
      figure: `${kib(loginWorklist.brotli)} brotli, ${kib(loginWorklist.gzip)} gzip`,
      met: full ? Math.max(loginWorklist.brotli, loginWorklist.gzip) <= 200 * 1024 : null,
    });
  }
  if (browser.stageSwitchMs.length > 0) {
    const worst = Math.max(...browser.stageSwitchMs);
    targets.push({
      what: 'stage switch ≤ 100 ms',
      figure: `median ${ms(median(browser.stageSwitchMs))}, max ${ms(worst)}`,
      met: full ? worst <= 100 : null,
    });
  }
  const mark = (m: boolean | null) => (m === null ? '—' : m ? 'met' : '**missed**');

  const rollupLines = server.startupLines.filter((l) => /rollup/i.test(l));
  const sections = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, commit ${commit()}.`,
    `Data: ${fmt(PATIENTS)} patients, ${fmt(EVALUATIONS)} evaluations (tests/bench/scale-data.ts)${seedSeconds === null ? ', reused from an earlier run' : `, seeded in ${fmt(seedSeconds, 1)} s`}. ` +
      `Server: the production build in its own process (NODE_ENV=production, SQLite WAL), listening ${fmt(startupSeconds, 1)} s after start; ` +
      `autocannon for ${SECONDS} s per row; the hello-world is a bare Express 5 JSON route in another process, measured in the same run.`,
    '### Targets',
    table(
      ['target', 'figure', ''],
      targets.map((t) => [t.what, t.figure, mark(t.met)]),
    ),
    '### HTTP',
    table(
      ['endpoint', 'connections', 'req/s', 'p50', 'p95', 'p99', 'hello-world req/s', 'ratio', 'errors'],
      http.map((r) => [
        r.name,
        String(r.connections),
        fmt(r.rps),
        ms(r.p50),
        ms(r.p95),
        ms(r.p99),
        fmt(r.helloRps),
        `${fmt(r.ratio, 2)} ×`,
        String(r.errors),
      ]),
    ),
    '### Workload summary vs the raw SQL it replaces',
    'The service with its cache cold (every request a different period or a changed version) beside a ' +
      '`GROUP BY` over `evaluations` computing the same counts.',
    table(
      ['range', 'service p50', 'service p95', 'raw SQL p50', 'raw SQL p95'],
      workload.map((w) => [
        `${w.weeks} weeks (${w.range})`,
        ms(w.serviceP50),
        ms(w.serviceP95),
        ms(w.sqlP50),
        ms(w.sqlP95),
      ]),
    ),
    '### JavaScript each route loads',
    table(
      ['route', 'files', 'raw', 'gzip', 'brotli'],
      js.map((r) => [r.route, String(r.files), kib(r.raw), kib(r.gzip), kib(r.brotli)]),
    ),
    '### Headless Chromium',
    table(
      ['measure', 'runs', 'median', 'max'],
      [
        [
          'first worklist rows (navigation start → `rls:worklist-rows`)',
          String(browser.firstRowsMs.length),
          ms(median(browser.firstRowsMs)),
          ms(Math.max(...browser.firstRowsMs)),
        ],
        [
          'stage switch (`rls:stage-switch`)',
          String(browser.stageSwitchMs.length),
          ms(median(browser.stageSwitchMs)),
          ms(Math.max(...browser.stageSwitchMs)),
        ],
      ],
    ),
    ...(rollupLines.length > 0 ? ['### Start-up', '```', ...rollupLines.slice(0, 20), '```'] : []),
  ];
  const generated = sections.join('\n\n');
  writeReport(generated);
  process.stdout.write(`\n${generated}\n\n`);
  log(`wrote ${path.relative(root, OUT) || OUT} in ${fmt((Date.now() - started) / 1000, 0)} s`);
  if (full && targets.some((t) => t.met === false)) log('some targets were missed: see the table above');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
