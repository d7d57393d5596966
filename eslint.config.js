// Lint: TypeScript rules plus the folder import rules of docs/architecture.md (house style E1).
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'url'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The engine is pure: it may move into a worker or the renderer without a rewrite.
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*', 'better-sqlite3', ...nodeBuiltins], message: 'electron/engine is pure TypeScript: no electron, better-sqlite3 or Node built-ins.' },
          { group: ['**/main/**', '**/db/**', '**/service/**', '**/web-host/**', '**/cli/**', '**/renderer/**'], message: 'electron/engine must not import main, db, service, web-host, cli or renderer.' },
        ],
      }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'better-sqlite3', 'decimal.js', ...nodeBuiltins], message: 'shared/ runs everywhere: no electron, Node, better-sqlite3 or decimal.js.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ must not import electron/ or renderer/.' },
        ],
      }],
    },
  },
  {
    // Store, importers, service, web host and CLI run in Node (or the service worker), never with Electron's UI APIs.
    files: ['electron/db/**/*.ts', 'electron/io/**/*.ts', 'electron/service/**/*.ts', 'electron/web-host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import electron.' },
          { group: ['**/renderer/**'], message: 'Node-side code must not import the renderer.' },
          { group: ['**/main/**', '**/preload/**'], message: 'Node-side code must not import electron/main or electron/preload.' },
        ],
      }],
    },
  },
  {
    // The store and importers know nothing of hosts.
    files: ['electron/db/**/*.ts', 'electron/io/**/*.ts'],
    ignores: ['**/*.test.ts'], // tests may check the store against the service's port
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import electron.' },
          { group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/service/**', '**/web-host/**', '**/cli/**'], message: 'db and io must not import hosts, the service or the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'Main must not import the renderer or the preload.' }],
      }],
    },
  },
  {
    // The preload is one sandboxed bundle: electron (renderer-safe APIs) and shared/ipc only.
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['better-sqlite3', 'decimal.js', ...nodeBuiltins], message: 'The sandboxed preload may import only electron and shared/ipc.' },
          { group: ['**/engine/**', '**/db/**', '**/io/**', '**/service/**', '**/main/**', '**/web-host/**', '**/cli/**', '**/renderer/**', '**/shared/domain/**'], message: 'The preload may import only electron and shared/ipc.' },
        ],
      }],
    },
  },
  {
    // decimal.js is created only in engine/money (house style E5); the renderer's display formatting is the documented exception.
    files: ['electron/**/*.ts'],
    ignores: ['electron/engine/money/**', '**/*.test.ts'], // tests may use decimal.js as an independent reference
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value='decimal.js']",
        message: 'Import Dec from electron/engine/money instead of decimal.js.',
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'better-sqlite3', ...nodeBuiltins], message: 'The renderer reaches main only through renderer/src/lib/api.ts.' },
          { group: ['**/electron/**'], message: 'The renderer must not import electron/ code.' },
        ],
      }],
    },
  },
);
