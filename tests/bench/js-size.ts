/**
 * The JavaScript each client route downloads on a fresh page load, raw and as transferred
 * (gzip and brotli), from a production build's Vite manifest (`build.manifest: true`).
 *
 *   npm run build -w client && npx tsx tests/bench/js-size.ts [client/dist]
 *
 * A route's set is index.html's entry chunk with its static-import closure (what the browser
 * fetches or modulepreloads before anything renders), plus, for every route file on the way to the
 * page, all of its TanStack Router split chunks (`?tsr-split=…`: the router loads a route's
 * component, errorComponent, … together) with their static-import closures. Dynamic imports inside
 * those chunks (dialogs, charts, the FHIR import) are not followed: they load on demand — except
 * the modules listed in a route's `onRender`, which the page imports as soon as it renders.
 *
 * Compressed sizes are those of the pre-compressed `.gz`/`.br` files the build writes next to each
 * asset (what the server sends); without them (an older build) files are compressed here with the
 * same settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface RouteJs {
  route: string;
  files: number;
  raw: number;
  gzip: number;
  brotli: number;
}

/** Route files (under client/src/routes) on the way to each measured page, in load order. */
const ROUTES: Array<{ route: string; files: string[]; onRender?: string[] }> = [
  { route: 'login', files: ['__root.tsx', 'login.tsx'] },
  {
    route: 'login + worklist',
    files: [
      '__root.tsx',
      'login.tsx',
      '_auth.tsx',
      '_auth/index.tsx',
      '_auth/_clinician.tsx',
      '_auth/_clinician/worklist.tsx',
    ],
  },
  {
    route: 'patient page',
    files: ['__root.tsx', '_auth.tsx', '_auth/_clinician.tsx', '_auth/_clinician/patients.$patientId.tsx'],
  },
  {
    route: 'workup (evaluation)',
    files: [
      '__root.tsx',
      '_auth.tsx',
      '_auth/_clinician.tsx',
      '_auth/_clinician/evaluations.$evaluationId.tsx',
      '_auth/_clinician/evaluations.$evaluationId.index.tsx',
      '_auth/_clinician/evaluations.$evaluationId.$step.tsx',
    ],
  },
  {
    route: 'admin workload',
    files: ['__root.tsx', '_auth.tsx', '_auth/_admin.tsx', '_auth/_admin/workload.tsx'],
    onRender: ['src/features/workload/components/workload-charts.tsx'],
  },
  {
    route: 'print',
    files: ['__root.tsx', '_document.tsx', '_document/evaluations.$evaluationId.print.tsx'],
  },
];

const GZIP = { level: 9 };
const BROTLI = {
  params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
  },
};

/**
 * The size sent for `Accept-Encoding: <ext's encoding>`: the pre-compressed file; in a pre-compressed
 * build a file without one (compression would not shrink it) is sent as is; a build without any is
 * compressed here.
 */
function compressedSize(
  file: string,
  ext: '.gz' | '.br',
  precompressed: boolean,
  compress: (b: Buffer) => Buffer,
) {
  if (fs.existsSync(file + ext)) return fs.statSync(file + ext).size;
  return precompressed ? fs.statSync(file).size : compress(fs.readFileSync(file)).length;
}

export async function measureRouteJs(opts: { clientDist: string }): Promise<RouteJs[]> {
  const dist = path.resolve(opts.clientDist);
  const manifestFile = path.join(dist, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${manifestFile} not found: build the client first (npm run build -w client)`);
  }
  const manifest = JSON.parse(await fs.promises.readFile(manifestFile, 'utf8')) as Manifest;
  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
  if (entries.length !== 1) throw new Error(`expected one entry in the manifest, found ${entries.length}`);
  const entryKey = entries[0]![0];

  /** Adds a chunk and its static imports. */
  function closure(key: string, into: Set<string>): void {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk ${key}`);
    if (into.has(chunk.file)) return;
    into.add(chunk.file);
    for (const dep of chunk.imports ?? []) closure(dep, into);
  }

  /** Manifest keys of a source module, including its router split chunks (`file.tsx?tsr-split=…`). */
  function keysOf(src: string): string[] {
    return Object.keys(manifest).filter((k) => k === src || k.startsWith(`${src}?`));
  }

  const precompressed = fs.readdirSync(path.join(dist, 'assets')).some((f) => f.endsWith('.br'));
  const sizes = new Map<string, { raw: number; gzip: number; brotli: number }>();
  function sizeOf(file: string) {
    let s = sizes.get(file);
    if (!s) {
      const abs = path.join(dist, file);
      s = {
        raw: fs.statSync(abs).size,
        gzip: compressedSize(abs, '.gz', precompressed, (b) => zlib.gzipSync(b, GZIP)),
        brotli: compressedSize(abs, '.br', precompressed, (b) => zlib.brotliCompressSync(b, BROTLI)),
      };
      sizes.set(file, s);
    }
    return s;
  }

  return ROUTES.map(({ route, files, onRender = [] }) => {
    const loaded = new Set<string>();
    closure(entryKey, loaded);
    for (const src of [...files.map((f) => `src/routes/${f}`), ...onRender]) {
      // A route file without a split chunk (no component, or not split) lives in the entry already.
      for (const key of keysOf(src)) closure(key, loaded);
    }
    const js = [...loaded].filter((f) => f.endsWith('.js'));
    const total = { raw: 0, gzip: 0, brotli: 0 };
    for (const f of js) {
      const s = sizeOf(f);
      total.raw += s.raw;
      total.gzip += s.gzip;
      total.brotli += s.brotli;
    }
    return { route, files: js.length, ...total };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kib = (n: number) => (n / 1024).toFixed(1).padStart(8);
  const rows = await measureRouteJs({ clientDist: process.argv[2] ?? 'client/dist' });
  console.log(`${'route'.padEnd(22)} files      raw     gzip   brotli  (KiB)`);
  for (const r of rows) {
    console.log(
      `${r.route.padEnd(22)} ${String(r.files).padStart(5)} ${kib(r.raw)} ${kib(r.gzip)} ${kib(r.brotli)}`,
    );
  }
}
