import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../electron/db/test-helpers';
import { crashLoops, runCrashLoops } from './crash-harness';

describe('crash safety soak (SIGKILL during saves)', () => {
  const loops = crashLoops(200);
  it(`survives ${loops} kills with every acknowledged revision intact`, async () => {
    const t = tempDbPath('pmdesk-soak-');
    try {
      const report = await runCrashLoops(t.path, loops);
      console.log(`crash soak: ${JSON.stringify(report)}`);
      expect(report.acknowledged).toBeGreaterThan(0);
    } finally {
      t.cleanup();
    }
  }, 30 * 60_000);
});
