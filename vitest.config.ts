import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** Unit, golden and integration tests. Playwright specs (`*.spec.ts`) are run by Playwright, not here. */
export default defineConfig({
  plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'test/**/*.test.ts'],
    // test/soak (200-loop crash test) runs only from `npm run test:soak`, which sets PMDESK_CRASH_LOOPS;
    // keep this conditional or test:soak finds no tests.
    exclude: ['node_modules/**', 'out/**', 'test/e2e/**', ...(process.env.PMDESK_CRASH_LOOPS ? [] : ['test/soak/**'])],
    setupFiles: ['test/setup/fast-check-seed.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
