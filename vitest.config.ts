import { defineConfig } from 'vitest/config';

/** Unit, golden and integration tests. Playwright specs (`*.spec.ts`) are run by Playwright, not here. */
export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'test/**/*.test.ts'],
    // test/soak runs only from `npm run test:soak`, which sets PMDESK_CRASH_LOOPS.
    exclude: ['node_modules/**', 'out/**', 'test/e2e/**', ...(process.env.PMDESK_CRASH_LOOPS ? [] : ['test/soak/**'])],
    pool: 'forks',
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
