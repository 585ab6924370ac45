// Runs a command against a throwaway PostgreSQL cluster (docs/operations.md, "Testing on PostgreSQL").
//
//   node scripts/with-postgres.mjs vitest run --project tests tests/api
//
// Creates a cluster with `initdb` in a temp folder, starts it on 127.0.0.1 and a free port (its socket
// folder inside the data folder, fsync off: a test cluster only), exports
// RLS_TEST_PG_URL=postgres://postgres@127.0.0.1:<port>/postgres — the tests create one database per
// server on it — runs the command, then stops the cluster and deletes the folder, whatever the
// command's outcome, also on Ctrl-C or a CI cancel.
//
// PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as the `postgres` user (runuser)
// and the data folder belongs to it.
//
// The binaries: $PG_BIN, else /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/*/bin,
// else `initdb` on PATH. Without them the command is skipped with one loud line (exit 0) — except in
// CI (CI set), where that is a failure. When RLS_TEST_PG_URL is already set, that server is used as is.
// The command is a program and its arguments, no shell (like scripts/parallel.mjs).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}

const ci = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase());

if (process.env.RLS_TEST_PG_URL) {
  process.exit(await run(command, process.env));
}

const bin = findBinaries();
if (!bin) {
  const line =
    'PostgreSQL run SKIPPED: no initdb found (set PG_BIN, or install PostgreSQL 15: apt-get install postgresql-15)';
  if (ci) {
    console.error(`${line.replace('SKIPPED', 'FAILED')} — CI must run it`);
    process.exit(1);
  }
  console.error(`!!! ${line} !!!`);
  process.exit(0);
}

const started = performance.now();
const cluster = await startCluster(bin);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  cluster.stop();
};
process.once('exit', stop);
let child;
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.once(signal, () => {
    child?.kill(signal);
    stop();
    process.exit(code);
  });
}
console.log(
  `PostgreSQL ${cluster.version} test cluster on 127.0.0.1:${cluster.port} (up in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
const code = await run(command, { ...process.env, RLS_TEST_PG_URL: cluster.url, RLS_TEST_PG_BIN: bin });
stop();
process.exit(code);

function run(argv, env) {
  return new Promise((resolve) => {
    child = spawn(argv[0], argv.slice(1), { env, stdio: 'inherit' });
    child.once('error', (err) => {
      console.error(`with-postgres: cannot run ${argv[0]}: ${err.message}`);
      resolve(1);
    });
    child.once('close', (status, signal) => resolve(signal ? 1 : (status ?? 1)));
  });
}

function findBinaries() {
  const has = (dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'));
  if (process.env.PG_BIN) return has(process.env.PG_BIN) ? process.env.PG_BIN : null;
  const preferred = '/usr/lib/postgresql/15/bin';
  if (has(preferred)) return preferred;
  const installed = fs.existsSync('/usr/lib/postgresql')
    ? fs
        .readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => `/usr/lib/postgresql/${v}/bin`)
        .filter(has)
    : [];
  if (installed.length > 0) return installed[0];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && has(dir)) return dir;
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startCluster(binDir) {
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-pg-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  const asOwner = (program, args, options = {}) => {
    const exe = path.join(binDir, program);
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
    return spawnSync(file, argv, { encoding: 'utf8', ...options });
  };
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  const fail = (what, result) => {
    remove();
    console.error(
      `with-postgres: ${what} failed:\n${result.error?.message ?? ''}${result.stdout}${result.stderr}`,
    );
    process.exit(1);
  };
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) fail('finding the postgres user (PostgreSQL refuses to run as root)', id);
    fs.chmodSync(dir, 0o755);
    fs.chownSync(data, Number(id.stdout), Number(gid.stdout));
  }
  const init = asOwner('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  if (init.status !== 0) fail('initdb', init);

  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = [
      '-c listen_addresses=127.0.0.1',
      `-p ${port}`,
      `-k ${data}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    const start = asOwner('pg_ctl', [
      'start',
      '-w',
      '-t',
      '30',
      '-D',
      data,
      '-l',
      path.join(data, 'log'),
      '-o',
      options,
    ]);
    if (start.status === 0) break;
    if (attempt === 3) {
      const log = fs.existsSync(path.join(data, 'log'))
        ? fs.readFileSync(path.join(data, 'log'), 'utf8')
        : '';
      fail('starting PostgreSQL', { ...start, stderr: `${start.stderr}\n${log}` });
    }
  }
  const version = fs.readFileSync(path.join(data, 'PG_VERSION'), 'utf8').trim();
  return {
    port,
    version,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      asOwner('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '30'], { stdio: 'ignore' });
      remove();
    },
  };
}
