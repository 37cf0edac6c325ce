// Lint enforces STYLE.md's import arrows: shared imports neither client nor server;
// client imports server only as `import type`; client components import neither api nor sync;
// server never imports client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const restrict = (patterns, message, allowTypeImports = false) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: [{ group: patterns, message, allowTypeImports }] },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**'],
    rules: restrict(['**/client/**', '**/server/**', 'node:*'], 'shared/ runs in browser and Node: it imports neither client/, server/ nor node:*'),
  },
  {
    files: ['shared/domain/**'],
    rules: restrict(
      ['**/client/**', '**/server/**', 'node:*', 'yjs', 'y-*'],
      'shared/domain is pure rules: no I/O, no Yjs, no client/server code',
    ),
  },
  {
    files: ['client/**'],
    rules: restrict(['**/server/**', 'node:*', 'better-sqlite3', 'ws'], 'client/ imports server code only as `import type`', true),
  },
  {
    files: ['client/components/**'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', 'node:*', 'better-sqlite3', 'ws'], message: 'client/ imports server code only as `import type`', allowTypeImports: true },
            { group: ['../api', '../api/**', '../sync', '../sync/**', '../../api/**', '../../sync/**', '@trpc/*', 'yjs', 'y-*'], message: 'client/components are presentational: data and actions come from stores, as props' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: restrict(['**/client/**'], 'server/ never imports client/ code'),
  },
  {
    files: ['server/commands/**'],
    rules: restrict(['**/client/**', '**/collab/**'], 'commands publish changes; they never import collab/ (STYLE.md)'),
  },
);
