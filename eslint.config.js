// Lint enforces STYLE.md's import arrows: shared imports neither client nor server;
// client imports server only as `import type`; client components import neither api nor sync;
// client routes import no api (only types): their data and actions come from stores;
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
  clientLayer(['client/components/**'], {
    group: ['../api', '../api/**', '../sync', '../sync/**', '../../api/**', '../../sync/**', '@trpc/*', 'yjs', 'y-*'],
    message: 'client/components are presentational: data and actions come from stores, as props',
  }),
  // Route screens get data and actions from stores (client/stores), never from the api directly.
  clientLayer(['client/routes/**'], {
    group: ['../api', '../api/**', '../../api', '../../api/**', '**/api/trpc', '@trpc/*'],
    message: 'client/routes get data and actions from stores (client/stores), not from client/api',
    allowTypeImports: true,
  }),
  {
    files: ['server/**'],
    rules: restrict(['**/client/**'], 'server/ never imports client/ code'),
  },
  // The inner boundaries of server/ (docs/ARCHITECTURE.md, "Layers"). Tests may reach across them.
  ...serverBoundaries(),
  {
    // Only the conversation core changes a conversation, its messages and its activity lines.
    files: ['server/**'],
    ignores: ['server/conversations/**', 'server/db/**', 'server/**/*.test.ts', 'server/testing/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name='conversations'][callee.property.name=/^(insert|setState|setClosed|touch|markRead)$/], CallExpression[callee.object.name='messages'][callee.property.name=/^(insert|setStatus|markDelivered)$/], CallExpression[callee.object.name='activities'][callee.property.name='insert'], CallExpression[callee.object.name='reportFacts'], CallExpression[callee.object.name='reportRollups'][callee.property.name='apply']",
          message: 'Conversations, their messages and activity lines change only through server/conversations/core.ts.',
        },
      ],
    },
  },
);

/** One config per server folder: what it may not import (besides client/ code), outside tests. */
function serverBoundaries() {
  const nonProduction = ['**/fakes/**', '**/testing/**', '**/simulator/**'];
  const upper = ['**/routers/**', '**/trpc/**'];
  const rules = {
    db: { regex: '^\\.\\./(?!\\.\\./shared/)', message: 'server/db is the SQL layer: it imports only other db modules and shared/' },
    conversations: { group: [...upper, '**/commands/**', '**/workflows/**', '**/channels/**', '**/collab/**', '**/projections/**'], message: 'the conversation core sits under commands, workflows and channels; it imports none of them' },
    workflows: { group: [...upper, '**/commands/**', '**/channels/**', '**/collab/**', '**/projections/**'], message: 'workflows run inside commands through the conversation core; they never import commands, channels or routers' },
    commands: { group: [...upper, '**/collab/**', '**/channels/**', '**/projections/**'], message: 'commands change SQLite and emit events; they never import routers, channels, collab or projections' },
    channels: { group: [...upper], message: 'channels and attachments are HTTP handlers of their own; they never import tRPC or routers' },
    attachments: { group: [...upper], message: 'channels and attachments are HTTP handlers of their own; they never import tRPC or routers' },
    contacts: { group: [...upper, '**/commands/**', '**/projections/**'], message: 'contact docs are validated and projected by collab hooks; they never import routers or commands' },
    notifications: { group: [...upper, '**/commands/**'], message: 'notifications never import routers or commands' },
    collab: { group: [...upper, '**/commands/**', '**/conversations/**', '**/workflows/**', '**/channels/**', '**/projections/**'], message: 'the sync server knows documents, not the inbox: it is given its hooks' },
    reports: { group: [...upper, '**/commands/**', '**/conversations/**', '**/workflows/**', '**/channels/**', '**/collab/**', '**/projections/**'], message: 'reports only read: SQL from db/, definitions from shared/domain' },
    projections: { group: [...upper, '**/commands/**'], message: 'projections run after commands; they never import commands or routers' },
    webhooks: { group: [...upper, '**/collab/**', '**/projections/**', '**/workflows/**'], message: 'outgoing webhooks are queued by the conversation core and sent by their worker; they never import routers, collab, projections or workflows' },
  };
  const boundary = (files, ignores, pattern) => ({
    files,
    ignores: ['server/**/*.test.ts', ...ignores],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/client/**'], message: 'server/ never imports client/ code' },
            { group: nonProduction, message: 'production code never imports the provider fakes, the simulator or test harnesses' },
            pattern,
          ],
        },
      ],
    },
  });
  const configs = Object.entries(rules).map(([folder, { group, regex, message }]) => boundary([`server/${folder}/**`], [], regex ? { regex, message } : { group, message }));
  // Routers are composed in root.ts only: a router that needs another one's logic calls a command or a query module.
  configs.push(boundary(['server/routers/**'], ['server/routers/root.ts'], { group: ['./*'], message: 'routers import no routers (root.ts composes them)' }));
  return configs;
}

/** A client folder's import rule: client/'s own (server code only as types) plus what this layer may not import. */
function clientLayer(files, pattern) {
  return {
    files,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', 'node:*', 'better-sqlite3', 'ws'], message: 'client/ imports server code only as `import type`', allowTypeImports: true }, pattern] },
      ],
    },
  };
}
