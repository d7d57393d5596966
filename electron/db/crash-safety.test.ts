import { describe, expect, it } from 'vitest';
import { tempDbPath } from './test-helpers';
import { crashLoops, runCrashLoops } from '../../test/soak/crash-harness';

describe('crash safety (SIGKILL during saves)', () => {
  const loops = crashLoops(20);
  it(`survives ${loops} kills: opens, passes integrity_check, keeps every acknowledged revision`, async () => {
    const t = tempDbPath('pmdesk-crash-');
    try {
      const report = await runCrashLoops(t.path, loops);
      expect(report.loops).toBe(loops);
      expect(report.acknowledged).toBeGreaterThan(0);
      expect(report.headRevision).toBeGreaterThan(0);
    } finally {
      t.cleanup();
    }
  }, 10 * 60_000);
});
