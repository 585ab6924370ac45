// Bundles the server (src/main.ts) and its command-line tools (src/cli/*.ts) into dist/ as ESM for
// Node 20. npm dependencies stay external (native modules, pino); the workspace package @rls/shared
// exports TypeScript source, so it is bundled in.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.join(here, 'src');
const dist = path.join(here, 'dist');

const cliEntries = fs
  .readdirSync(path.join(src, 'cli'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => path.join(src, 'cli', f));

/** Keep bare imports external, except our own workspace packages. */
const externalNpmPackages = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@rls/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

fs.rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: [path.join(src, 'main.ts'), ...cliEntries],
  outdir: dist,
  outbase: src,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [externalNpmPackages],
  // Bundled CommonJS code may call require(); give ESM output one.
  banner: {
    js: "import { createRequire as __rlsCreateRequire } from 'node:module'; const require = __rlsCreateRequire(import.meta.url);",
  },
});
console.log(
  `server built: ${path.relative(process.cwd(), dist) || 'dist'} (${1 + cliEntries.length} entry points)`,
);
