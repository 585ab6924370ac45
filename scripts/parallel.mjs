// Runs commands at the same time and fails if any of them fails (all are let finish, so every
// failure is shown). Each command's output is held back and printed in one block when it ends, so
// the outputs never interleave.
//
//   node scripts/parallel.mjs typecheck="tsc -b" lint="eslint ."
//
// An argument is `name=command` or just `command`. Commands are simple: a program (looked up on
// PATH, which npm scripts extend with node_modules/.bin) and its arguments split on spaces; no shell.
// A job may be several commands joined by ` && `: they run one after the other in that job (each
// step's time is printed), and the job stops at the first that fails.
import { spawn } from 'node:child_process';

const jobs = process.argv.slice(2).map((arg) => {
  const named = /^([\w:.-]+)=(.+)$/.exec(arg);
  const command = (named ? named[2] : arg).trim();
  return { name: named ? named[1] : command, command };
});
if (jobs.length === 0) {
  console.error('usage: node scripts/parallel.mjs [name=]"command args" …');
  process.exit(2);
}

const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
// Piped output is not a terminal: keep the colours when ours is one.
const env = process.stdout.isTTY
  ? { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }
  : process.env;

console.log(`Running in parallel: ${jobs.map((j) => `${j.name} (${j.command})`).join(', ')}`);

const children = new Set();
// Ctrl-C or a CI cancel: stop the commands too, not only this script.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(code);
  });
}

const results = await Promise.all(jobs.map(run));
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) {
  console.error(`Failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}

async function run({ name, command }) {
  const steps = command.split(/\s+&&\s+/);
  const chunks = [];
  let result = { ok: true, status: '' };
  for (const step of steps) {
    const stepStarted = performance.now();
    result = await runStep(step, chunks);
    if (steps.length > 1) {
      const took = ((performance.now() - stepStarted) / 1000).toFixed(1);
      chunks.push(
        Buffer.from(`\n── ${name} step \`${step}\`: ${result.ok ? 'passed' : 'FAILED'} in ${took} s\n`),
      );
    }
    if (!result.ok) break;
  }
  const output = Buffer.concat(chunks).toString().trim();
  const line = `── ${name}: ${result.ok ? 'passed' : `FAILED (${result.status})`} in ${seconds()}`;
  if (result.ok) console.log(line);
  else console.error(line);
  if (output) (result.ok ? console.log : console.error)(output);
  return { name, ok: result.ok };
}

function runStep(command, chunks) {
  const [program, ...args] = command.trim().split(/\s+/);
  return new Promise((resolve) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    let done = false;
    const finish = (ok, status) => {
      if (done) return;
      done = true;
      children.delete(child);
      resolve({ ok, status });
    };
    child.once('error', (error) => finish(false, error.message));
    child.once('close', (code, signal) => finish(code === 0, signal ?? `exit ${code}`));
  });
}
