import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Runs a server command-line tool (server/src/cli/<name>.ts) the way `npm run <script>` does: bundled
 * (like server/build.mjs) and run by node, against the DATABASE_URL given. Bundling once per test
 * file takes well under a second; running the TypeScript through tsx takes several.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'tests/.artifacts/cli');

export async function bundleCli(name: string): Promise<string> {
  const outfile = path.join(outDir, `${name}-${process.pid}.mjs`);
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(root, 'server/src/cli', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'external-npm-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@rls/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
    banner: {
      js: "import { createRequire as __rlsCreateRequire } from 'node:module'; const require = __rlsCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundle asynchronously, so a test server in this process keeps answering meanwhile. */
export function runCli(bundle: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export function removeBundle(bundle: string): void {
  fs.rmSync(bundle, { force: true });
}
