// @ts-check
import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** What an extensionless import may resolve to (the TypeScript sources import without extensions). */
const RESOLVED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs', '.js', '.json'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'client/src/routeTree.gen.ts',
      'tests/.artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    // Classic rules of hooks only; the React Compiler rules of the 7.x "recommended" preset are not adopted.
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Import boundaries (docs/architecture.md, client/README.md), checked on resolved files, so a
    // relative path and the client's `@/` alias are caught alike. tests/lint/boundaries.test.ts proves
    // each zone fails a forbidden import.
    files: ['{shared,server,client}/**/*.{ts,tsx,mts,mjs,js}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: RESOLVED_EXTENSIONS })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaryZones() }],
    },
  },
  {
    // The client's `@/` alias comes from its tsconfig `paths`.
    files: ['client/**/*.{ts,tsx,mts,mjs,js}'],
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: RESOLVED_EXTENSIONS,
          tsconfig: { configFile: fileURLToPath(new URL('client/tsconfig.json', import.meta.url)) },
        }),
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/vitest.config.ts', '**/vite.config.ts', 'shared/vitest.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
);

/** The zones `import-x/no-restricted-paths` forbids: `target` may not import from `from`. */
function boundaryZones() {
  const features = readdirSync(new URL('client/src/features', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  return [
    {
      target: './shared',
      from: '.',
      except: ['./shared', './node_modules'],
      message: 'shared/ is pure and imports nothing outside itself (docs/architecture.md).',
    },
    {
      target: './server',
      from: './client',
      message: 'server and client never import each other (docs/architecture.md).',
    },
    {
      target: './client',
      from: './server',
      message: 'server and client never import each other (docs/architecture.md).',
    },
    {
      target: ['./server/src/db', './server/src/http'],
      from: './server/src/features',
      message:
        'db/ and http/ sit below the features: move the shared piece down, or pass it in (docs/architecture.md).',
    },
    ...features.map((name) => ({
      target: `./client/src/features/${name}`,
      from: './client/src/features',
      except: [`./${name}`],
      message:
        'Features never import each other: compose them in a route or in src/components/ (client/README.md).',
    })),
  ];
}
