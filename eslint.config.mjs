import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// Folders are the architecture; these rules keep them honest.
const drizzleOutsideRepositories = {
  group: ['drizzle-orm', 'drizzle-orm/*'],
  message: 'Drizzle queries live in src/modules/*/repository.ts or src/server/db/** only.',
};
const nextInModules = { group: ['next', 'next/*'], message: 'Use cases are framework-free: no next/* in src/modules.' };
const valuesFromModules = {
  group: ['@/modules/*', '**/modules/*'],
  allowTypeImports: true,
  message: "The browser bundle takes module types only: import type { … } from '@/modules/<m>'.",
};
const serverFromUi = {
  group: ['**/server/**', '@/server/*', '@/server/**', '**/repository', '**/repository.ts'],
  message: 'Client components must not import server code; call the API (types from module schemas only).',
};

// Which module may use which (docs/architecture.md draws the same table). A module reaches another only through
// that module's index.ts (its door) and only along these arrows; the arrows form no cycle. Adding an arrow is a
// design decision: change this table and the drawing together.
/** @type {Record<string, string[]>} */
export const moduleArrows = {
  access: [],
  accounts: ['audit'],
  audit: ['access'],
  usage: ['access'],
  members: ['access', 'audit', 'tokens', 'webhooks'],
  workspaces: ['access', 'audit'],
  tokens: ['access', 'audit'],
  flags: ['access', 'audit'],
  labels: ['access', 'audit'],
  invitations: ['access', 'audit', 'members', 'workspaces', 'webhooks'],
  tickets: ['access', 'audit', 'members', 'webhooks'],
  boards: ['access', 'audit', 'tickets', 'webhooks'],
  comments: ['access', 'audit', 'tickets', 'webhooks'],
  housekeeping: [],
  notifications: [],
  reminders: ['notifications'],
  webhooks: ['access', 'audit', 'notifications'],
};

// The layers, lowest first. Each may import itself and the layers listed; never the other way.
//   src/shared   pure definitions every layer shares (role × permission table, zod helpers)
//   src/server   infrastructure: db, http, auth, logging, metrics, flags, realtime — never a module
//   src/modules  use cases, schemas, policy, repositories, endpoints — along moduleArrows, through doors
//   src/api      composition root: the API's endpoint list, OpenAPI, and wiring modules into infrastructure
//   src/ui       browser code: src/shared, and module types only (import type … from '@/modules/<m>')
//   app/         Next routes and pages: anything, modules through their doors
const layerZones = [
  {
    target: './src/shared',
    from: ['./src/server', './src/modules', './src/api', './src/ui', './app'],
    message: 'src/shared is the bottom layer: pure definitions that import nothing of Tika.',
  },
  {
    target: './src/server',
    from: ['./src/modules', './src/api', './src/ui', './app'],
    message:
      'Infrastructure never imports modules (or the API, UI, app): take a callback, or let src/api compose the two.',
  },
  {
    target: './src/modules',
    from: ['./src/api', './src/ui', './app'],
    message: 'Modules sit below the composition root, the UI and the routes.',
  },
  {
    target: './src/api',
    from: ['./src/ui', './app'],
    message: 'src/api composes modules and server; not UI or routes.',
  },
  {
    target: './src/ui',
    from: ['./src/server', './src/api', './app'],
    message: 'Client components must not import server code; call the API (types from module schemas only).',
  },
];

const moduleNames = Object.keys(moduleArrows);
const throughDoorsOnly = (/** @type {string} */ target, /** @type {string} */ message) => ({
  target,
  from: './src/modules/*/**',
  // Absolute: minimatch's ** skips dot folders, and a checkout may live under one.
  except: [`${import.meta.dirname}/src/modules/*/index.ts`],
  message,
});
const moduleZones = moduleNames.flatMap((name) =>
  moduleNames
    .filter((other) => other !== name)
    .map((other) =>
      moduleArrows[name]?.includes(other)
        ? {
            target: `./src/modules/${name}`,
            from: `./src/modules/${other}`,
            except: ['./index.ts'],
            message: `Use the ${other} module through its door: import from '@/modules/${other}'. Its files (repository, use cases) are private.`,
          }
        : {
            target: `./src/modules/${name}`,
            from: `./src/modules/${other}`,
            message: `${name} may not use ${other} (allowed: ${moduleArrows[name]?.join(', ') || 'none'}). See docs/architecture.md: move the code, pass a function in, or add the arrow there and in eslint.config.mjs.`,
          },
    ),
);
const doorZones = [
  throughDoorsOnly('./src/api', "Import a module through its door: '@/modules/<m>'."),
  throughDoorsOnly('./app', "Import a module through its door: '@/modules/<m>'."),
  throughDoorsOnly('./src/ui', "Import module types through the door: import type { … } from '@/modules/<m>'."),
];

export default tseslint.config(
  {
    ignores: ['.next/**', 'node_modules/**', 'coverage/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // Import direction: layers, module arrows, doors (import-x resolves '@/…' and relative paths alike), and no
    // import cycle anywhere in the app. import-x/no-cycle rather than dependency-cruiser: same lint run, same
    // resolver, same editor feedback, one tool fewer; tests/unit/boundaries.test.ts shows each rule firing.
    files: ['src/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', '*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // TypeScript's parser for the files import-x reads from disk (without it, no-cycle silently sees no imports).
      'import-x/extensions': ['.ts', '.tsx', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...moduleZones, ...doorZones] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        fetch: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
  {
    files: ['src/modules/**/*.ts'],
    ignores: ['src/modules/*/repository.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [drizzleOutsideRepositories, nextInModules] }] },
  },
  {
    files: ['src/modules/*/repository.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [nextInModules] }] },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'src/api/**/*.ts', 'src/ui/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [drizzleOutsideRepositories] }] },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [drizzleOutsideRepositories, serverFromUi, valuesFromModules] }],
    },
  },
  {
    // Every setting comes from src/server/env.ts, validated once. instrumentation-client.ts (browser, NEXT_PUBLIC_*
    // inlined at build) and next.config.ts (evaluated by Next before the app) are the documented exceptions.
    files: ['src/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'instrumentation.ts', 'sentry.*.ts', 'proxy.ts'],
    ignores: ['src/server/env.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through env() from src/server/env.ts.' },
      ],
    },
  },
  {
    // Server code stays out of the browser bundle: next build fails when a client component imports a file that
    // starts with import 'server-only' (docs/architecture.md). The module data shapes may serve the client; the
    // Drizzle schema and the CSP builder are read outside Next (drizzle-kit, next.config.ts), where it throws.
    // tests/unit/server-only.test.ts also follows value imports: a data shape reaching server code needs it too.
    files: ['src/server/**/*.{ts,tsx}', 'src/api/**/*.{ts,tsx}', 'src/modules/**/*.{ts,tsx}'],
    ignores: [
      'src/server/db/schema/**',
      'src/server/http/csp.ts',
      'src/modules/*/dto.ts',
      'src/modules/*/schemas.ts',
      '**/*.d.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "Program:not(:has(ImportDeclaration[source.value='server-only']))",
          message: "Server code: start the file with import 'server-only'; (docs/architecture.md).",
        },
      ],
    },
  },
  {
    // Rules that need the types: a promise nobody awaits (an error lost, a transaction used after it ended), a
    // promise where a boolean or a void callback is expected, and `any` flowing in from JSON, catch or a library.
    // TypeScript's project service reads tsconfig.json once per run; tests/unit/type-aware-lint.test.ts shows each
    // rule firing. src/ui too: an async form handler is passed as `(event) => void submit(event)`, its errors handled inside.
    files: ['src/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', '*.ts'],

    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  // Formatting is Prettier's job (npm run format); this turns off the lint rules that would argue with it.
  prettier,
);
