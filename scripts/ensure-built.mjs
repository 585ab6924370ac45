// Builds what is stale, and only that. A target is stale when any of its inputs (sources and
// config files) is newer than the oldest of its outputs, or an output is missing.
//
//   node scripts/ensure-built.mjs server          (used by `npm run migrate` / `npm run users`)
//   node scripts/ensure-built.mjs client server
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const SHARED_INPUTS = [
  'shared/src',
  'shared/package.json',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
];

function npmCommand(args) {
  const npmCli = process.env.npm_execpath;
  return npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ['npm', args];
}

/** @type {Record<string, {inputs: string[], outputs: () => string[], command: () => [string, string[]], ready?: string}>} */
const TARGETS = {
  server: {
    inputs: [
      'server/src',
      'server/build.mjs',
      'server/package.json',
      'server/tsconfig.json',
      ...SHARED_INPUTS,
    ],
    outputs: () => [
      'server/dist/main.js',
      ...fs
        .readdirSync(path.join(root, 'server/src/cli'))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => `server/dist/cli/${f.replace(/\.ts$/, '.js')}`),
    ],
    command: () => [process.execPath, [path.join(root, 'server/build.mjs')]],
  },
  client: {
    inputs: [
      'client/src',
      'client/public',
      'client/index.html',
      'client/vite.config.ts',
      'client/package.json',
      'client/tsconfig.json',
      ...SHARED_INPUTS,
    ],
    outputs: () => ['client/dist/index.html'],
    command: () => npmCommand(['run', 'build', '-w', 'client']),
    ready: 'client/index.html',
  },
};

/** Files that are build products or tests, never inputs of a production build. */
function ignored(name) {
  return (
    name === 'node_modules' ||
    name === 'dist' ||
    name === 'routeTree.gen.ts' ||
    /\.test\.[cm]?[jt]sx?$/.test(name)
  );
}

function newestMtime(abs) {
  let stat;
  try {
    stat = fs.statSync(abs);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its directory's mtime
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    if (ignored(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(abs, entry.name)));
  }
  return newest;
}

function oldestOutput(outputs) {
  let oldest = Infinity;
  for (const rel of outputs) {
    try {
      oldest = Math.min(oldest, fs.statSync(path.join(root, rel)).mtimeMs);
    } catch {
      return 0; // missing
    }
  }
  return oldest;
}

/** Whether the target needs a build, and why (for the message). */
export function staleness(name) {
  const target = TARGETS[name];
  if (!target) throw new Error(`Unknown build target "${name}" (known: ${Object.keys(TARGETS).join(', ')}).`);
  const built = oldestOutput(target.outputs());
  if (built === 0) return 'not built yet';
  const newest = Math.max(...target.inputs.map((rel) => newestMtime(path.join(root, rel))));
  return newest > built ? 'sources changed' : null;
}

/**
 * Builds each stale target in order. Returns false (after printing why) when a build fails.
 * A target whose project is not there yet (e.g. no client/index.html) is skipped with a warning.
 */
export function ensureBuilt(names) {
  for (const name of names) {
    const target = TARGETS[name];
    if (target?.ready && !fs.existsSync(path.join(root, target.ready))) {
      console.warn(`[build] ${name}: skipped (${target.ready} does not exist yet)`);
      continue;
    }
    const reason = staleness(name);
    if (!reason) {
      console.log(`[build] ${name}: up to date`);
      continue;
    }
    console.log(`[build] ${name}: building (${reason})…`);
    const [cmd, args] = target.command();
    const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
    if (result.status !== 0) {
      console.error(`[build] ${name}: build failed${result.error ? ` (${result.error.message})` : ''}.`);
      return false;
    }
  }
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    console.error('Usage: node scripts/ensure-built.mjs <server|client>…');
    process.exit(2);
  }
  process.exit(ensureBuilt(names) ? 0 : 1);
}
