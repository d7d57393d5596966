/** The rotating log file: lines with a time stamp, rotation by size, the oldest file dropped. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRotatingLog } from './modules/log-file';

describe('openRotatingLog', () => {
  it('appends stamped lines and rotates by size, keeping `keep` old files', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pmdesk-log-')), 'userData');
    const log = openRotatingLog(dir, { maxBytes: 100, keep: 2, now: () => new Date('2026-12-07T03:00:00Z') });
    log.write('[service-worker] first\n');
    expect(readFileSync(log.path, 'utf8')).toBe('2026-12-07T03:00:00.000Z [service-worker] first\n');
    // Each line is 44 bytes: two fit in 100, the third rotates.
    for (let i = 0; i < 7; i++) log.write(`line ${i} ..............`);
    expect(readdirSync(dir).sort()).toEqual(['pmdesk.1.log', 'pmdesk.2.log', 'pmdesk.log']);
    const all = ['pmdesk.2.log', 'pmdesk.1.log', 'pmdesk.log'].map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    // The newest six lines survive, in order; the oldest were dropped with pmdesk.3.log.
    expect(all.match(/line \d/g)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(100);
  });

  it('continues an existing log after a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-log-'));
    openRotatingLog(dir).write('before restart');
    openRotatingLog(dir).write('after restart');
    expect(readFileSync(join(dir, 'pmdesk.log'), 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
