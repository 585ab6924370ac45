/**
 * `npm run seed:scale -- --patients 100000 --evaluations 1000000 [--db <file>] [--clinicians 40]
 *   [--tz Europe/Berlin] [--force]`
 *
 * Fills a new SQLite database with a realistic clinic (tests/bench/scale-data.ts): migrated to the
 * latest schema, users with a known password and no MFA, the workload rollups built. Progress on
 * stderr: one line redrawn in place on a terminal, plain lines otherwise. The default file is
 * `data/scale-<patients>-<evaluations>.db` under the current directory; an existing file is never
 * overwritten without --force. Start the server on it with `DATABASE_URL=sqlite:<file>` (and the same
 * TZ, or the server rebuilds the rollups at start-up).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { seedScale } from './scale-data';

const { values: args } = parseArgs({
  options: {
    patients: { type: 'string', default: '100000' },
    evaluations: { type: 'string', default: '1000000' },
    clinicians: { type: 'string', default: '40' },
    db: { type: 'string' },
    tz: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});

function count(name: string, value: string, min: number): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number ≥ ${min} (got "${value}")`);
    process.exit(2);
  }
  return n;
}

const patients = count('patients', args.patients, 1);
const evaluations = count('evaluations', args.evaluations, 10);
const clinicians = count('clinicians', args.clinicians, 1);
const file = path.resolve(args.db ?? path.join('data', `scale-${patients}-${evaluations}.db`));
if (fs.existsSync(file)) {
  if (!args.force) {
    console.error(`${file} exists: pass --force to replace it, or --db <another file>`);
    process.exit(2);
  }
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}
fs.mkdirSync(path.dirname(file), { recursive: true });

const tty = process.stderr.isTTY;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const began = Date.now();
const phases = new Map<string, number>(); // phase → start time
let lastPhase = '';
let lastPlain = 0;

function bar(fraction: number, width = 24): string {
  const full = Math.round(fraction * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function onProgress(phase: string, done: number, total: number): void {
  const now = Date.now();
  if (!phases.has(phase)) phases.set(phase, now);
  const started = phases.get(phase)!;
  const elapsed = now - started;
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const rate = elapsed > 0 ? (done / elapsed) * 1000 : 0;
  const eta = rate > 0 && done < total ? `ETA ${secs(((total - done) / rate) * 1000)}` : '';
  const line = `${phase.padEnd(24)} ${bar(fraction)} ${(fraction * 100).toFixed(0).padStart(3)}%  ${fmt(done)}/${fmt(total)}  ${fmt(rate)}/s  ${eta}`;
  if (tty) {
    if (lastPhase && lastPhase !== phase) process.stderr.write('\n');
    process.stderr.write(`\r${line.padEnd(process.stderr.columns ? process.stderr.columns - 1 : 100)}`);
    if (done >= total) process.stderr.write(`  (${secs(elapsed)})`);
  } else if (phase !== lastPhase || done >= total || now - lastPlain >= 5000) {
    lastPlain = now;
    process.stderr.write(`${line}${done >= total ? `  (${secs(elapsed)})` : ''}\n`);
  }
  lastPhase = phase;
}

console.error(
  `Seeding ${fmt(patients)} patients, ${fmt(evaluations)} evaluations, ${clinicians} clinicians → ${file}`,
);
const result = await seedScale({
  file,
  patients,
  evaluations,
  clinicians,
  ...(args.tz ? { tz: args.tz } : {}),
  onProgress,
});
if (tty) process.stderr.write('\n');
const size = fs.statSync(file).size;
console.error(`Done in ${secs(Date.now() - began)} (${(size / 1e9).toFixed(2)} GB).`);
console.log(
  JSON.stringify(
    {
      file,
      timeZone: args.tz ?? process.env.TZ ?? 'UTC',
      password: result.password,
      clinicians: `${result.clinicians[0]} … ${result.clinicians[result.clinicians.length - 1]}`,
      admins: result.admins,
      sample: result.sample,
    },
    null,
    2,
  ),
);
