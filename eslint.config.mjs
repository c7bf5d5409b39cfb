import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nextPlugin from '@next/eslint-plugin-next';
import prettier from 'eslint-config-prettier';

// Folders are the architecture; these rules keep them honest.
const drizzleOutsideRepositories = {
  group: ['drizzle-orm', 'drizzle-orm/*'],
  message: 'Drizzle queries live in src/modules/*/repository.ts or src/server/db/** only.',
};
const nextInModules = { group: ['next', 'next/*'], message: 'Use cases are framework-free: no next/* in src/modules.' };
const serverFromUi = {
  group: ['**/server/**', '@/server/*', '@/server/**', '**/repository', '**/repository.ts'],
  message: 'Client components must not import server code; call the API (types from module schemas only).',
};

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
      'no-restricted-imports': ['error', { patterns: [drizzleOutsideRepositories, serverFromUi] }],
    },
  },
  // Formatting is Prettier's job (npm run format); this turns off the lint rules that would argue with it.
  prettier,
);
