/**
 * Checks a client build: @mui/x-charts must live only in lazily loaded chunks that nothing loads
 * eagerly — not the entry, not index.html's preloads, not any chunk's static imports (so a clinician,
 * who never opens the workload route, never downloads the chart library).
 *
 *   npm run build -w client && npx tsx tests/bench/check-chart-chunks.ts [client/dist]
 */
import fs from 'node:fs';
import path from 'node:path';

const dist = path.resolve(process.argv[2] ?? 'client/dist');
const assets = path.join(dist, 'assets');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const chunks = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));

/** Chunks whose source map lists files of @mui/x-charts. */
const chartChunks = new Set(
  chunks.filter((f) => {
    const map = path.join(assets, `${f}.map`);
    if (!fs.existsSync(map)) return false;
    const sources = (JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[] }).sources;
    return sources.some((s) => s.includes('node_modules/@mui/x-charts/'));
  }),
);

/** Static imports of a chunk: `import … from "./x.js"` and `import "./x.js"` (not `import("./x.js")`). */
function staticImports(file: string): string[] {
  const code = fs.readFileSync(path.join(assets, file), 'utf8');
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) found.add(m[1]!);
  return [...found];
}

const entry = /<script[^>]+src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
const preloads = [...html.matchAll(/rel="modulepreload"[^>]*href="\/assets\/([^"]+\.js)"/g)].map(
  (m) => m[1]!,
);
if (!entry) throw new Error('no entry script in index.html');

// Everything loaded eagerly: the entry and its static import closure, plus the preloads.
const eager = new Set<string>();
const queue = [entry, ...preloads];
while (queue.length > 0) {
  const file = queue.pop()!;
  if (eager.has(file)) continue;
  eager.add(file);
  queue.push(...staticImports(file));
}

const dynamicImporters = chunks.filter((f) =>
  [...chartChunks].some((c) => fs.readFileSync(path.join(assets, f), 'utf8').includes(`import(\`./${c}\`)`)),
);
const problems = [...chartChunks].filter((c) => eager.has(c));
console.log(
  `chunks: ${chunks.length}; eagerly loaded: ${eager.size}; with @mui/x-charts: ${[...chartChunks].join(', ') || 'none'}`,
);
console.log(`loaded lazily by: ${dynamicImporters.join(', ') || 'nothing'}`);
if (chartChunks.size === 0) {
  console.error('No chunk contains @mui/x-charts (was the build made with source maps?).');
  process.exitCode = 1;
} else if (problems.length > 0) {
  console.error(`FAIL: eagerly loaded chunks contain @mui/x-charts: ${problems.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log('OK: @mui/x-charts is only in lazily loaded chunks.');
}
