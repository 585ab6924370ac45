import { ESLint } from 'eslint';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The import boundaries of docs/architecture.md and client/README.md, enforced by
 * `import-x/no-restricted-paths` in eslint.config.mjs: each snippet is linted in memory as if it were
 * a file at `filePath`, with the repository's own configuration (type-aware rules off, they are not
 * what is checked here).
 */
const RULE = 'import-x/no-restricted-paths';
const root = fileURLToPath(new URL('../..', import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: tseslint.configs.disableTypeChecked,
    ruleFilter: ({ ruleId }) => ruleId === RULE,
  });
});

/** The rule skips what it cannot resolve, so every snippet must name a module that exists. */
function assertResolvable(filePath: string, code: string): void {
  const spec = /from '([^']+)'/.exec(code)?.[1] ?? '';
  if (!spec.startsWith('.') && !spec.startsWith('@/')) return;
  const base = spec.startsWith('@/')
    ? path.join(root, 'client/src', spec.slice(2))
    : path.resolve(root, path.dirname(filePath), spec);
  const found = ['.ts', '.tsx', '/index.ts'].some((ext) => existsSync(base + ext));
  expect(found, `${filePath}: ${spec} must exist for the check to mean anything`).toBe(true);
}

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  assertResolvable(filePath, code);
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === RULE && m.severity === 2).map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['server/src/db/example.ts', "export { insertUser } from '../features/users/repo';"],
    [
      'server/src/db/migrations/example.ts',
      "export { verifyAuditChain } from '../../features/audit/verify';",
    ],
    ['server/src/http/example.ts', "export { resolveSession } from '../features/session/service';"],
  ])('db/ and http/ may not import a server feature (%s)', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([expect.stringContaining('sit below the features')]);
  });

  it.each([
    ['a relative path', "export { PlanStep } from '../../plan/plan-step';"],
    ['the @/ alias', "export { PlanStep } from '@/features/plan/plan-step';"],
  ])('a client feature may not import another feature (%s)', async (_how, code) => {
    const errors = await boundaryErrors('client/src/features/workup/components/example.tsx', code);
    expect(errors).toEqual([expect.stringContaining('Features never import each other')]);
  });

  it.each([
    ['server', "export { loadConfig } from '../../server/src/config';"],
    ['client', "export { api } from '../../client/src/lib/api-client';"],
    ['tests', "export * from '../../tests/api/helpers';"],
  ])('shared/ may not import anything outside itself (%s)', async (_where, code) => {
    expect(await boundaryErrors('shared/src/example.ts', code)).toEqual([
      expect.stringContaining('shared/ is pure'),
    ]);
  });

  it('server and client never import each other', async () => {
    expect(
      await boundaryErrors('server/src/example.ts', "export { api } from '../../client/src/lib/api-client';"),
    ).toEqual([expect.stringContaining('never import each other')]);
    expect(
      await boundaryErrors('client/src/example.ts', "export { loadConfig } from '../../server/src/config';"),
    ).toEqual([expect.stringContaining('never import each other')]);
  });

  it('allows the imports the layers are built on', async () => {
    const allowed: [string, string][] = [
      ['server/src/features/audit/example.ts', "export { unitOfWork } from '../../db/unit-of-work';"],
      ['server/src/db/example.ts', "export type { Database } from './schema';"],
      ['server/src/http/example.ts', "export { HttpError } from './errors';"],
      [
        'client/src/features/workup/components/example.tsx',
        "export { useWorkspace } from '../workspace-context';",
      ],
      [
        'client/src/features/workup/components/example.tsx',
        "export { PageHeader } from '@/components/page-header';",
      ],
      ['client/src/routes/example.tsx', "export { PlanStep } from '@/features/plan/plan-step';"],
      ['shared/src/example.ts', "export { z } from 'zod';"],
      ['shared/src/workup/example.ts', "export * from '../index';"],
      ['tests/api/example.ts', "export { loadConfig } from '../../server/src/config';"],
    ];
    for (const [file, code] of allowed)
      expect(await boundaryErrors(file, code), `${file}: ${code}`).toEqual([]);
  });
});
