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
