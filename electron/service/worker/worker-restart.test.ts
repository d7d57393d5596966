/**
 * An uncaught error in the service worker: the pending call fails, the worker restarts on the same
 * database, the host is told and logs it, and every edit the service acknowledged before the crash
 * is still there when the session is opened again (the journal, not memory, holds it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServiceWorker } from './worker-dispatcher';
import type { SessionPatchResultDto, SessionSnapshotDto } from '../../../shared/domain/dto/session.dto';

const FIXTURE = new URL('./crash-test-worker.ts', import.meta.url);
const freshDb = () => join(mkdtempSync(join(tmpdir(), 'pmdesk-crash-')), 'pmdesk.db');

describe('service worker crash', () => {
  it('restarts the worker, tells the host, logs the error, and answers the next call', async () => {
    const log = vi.fn();
    const onRestarted = vi.fn();
    const w = await startServiceWorker(FIXTURE, { databasePath: freshDb(), host: 'web', version: 'test' }, { log, onRestarted });
    try {
      expect(await w.dispatch('app:info', undefined)).toMatchObject({ ok: true, value: { version: 'test' } });
      expect(await w.dispatch('test:crash', undefined)).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/service worker exited/) } });
      await vi.waitFor(() => expect(onRestarted).toHaveBeenCalledWith(expect.stringMatching(/restarted; every accepted edit is kept/)), { timeout: 15_000 });
      expect(log).toHaveBeenCalledWith(expect.stringContaining('boom in the worker'));
      expect(await w.dispatch('app:info', undefined)).toMatchObject({ ok: true, value: { version: 'test' } });
    } finally {
      await w.close();
    }
  }, 30_000);

  it('loses no acknowledged edit: the restarted worker reopens the session with the journalled edits', async () => {
    const onRestarted = vi.fn();
    const w = await startServiceWorker(FIXTURE, { databasePath: freshDb(), host: 'web', version: 'test' }, { log: () => {}, onRestarted });
    try {
      const opened = await w.dispatch('session:open', { portfolioId: 'demo-book' });
      if (!opened.ok) throw new Error(opened.error.message);
      const snap = opened.value as SessionSnapshotDto;
      const before = snap.portfolio.positions.length;
      const added = await w.dispatch('session:patch', {
        sessionId: snap.sessionId, version: snap.state.version, seq: 1, label: 'add',
        ops: [{ op: 'add', rows: [{ id: 'crash-row', instrument: 'BTC-PERPETUAL', size: '12345' }] }],
      });
      // Acknowledged: from here on the edit must survive whatever happens to the worker.
      expect(added).toMatchObject({ ok: true, value: { kind: 'applied' } });
      expect((added as { value: SessionPatchResultDto }).value.version).toBeGreaterThan(snap.state.version);

      await w.dispatch('test:crash', undefined);
      await vi.waitFor(() => expect(onRestarted).toHaveBeenCalled(), { timeout: 15_000 });

      const reopened = await w.dispatch('session:open', { portfolioId: 'demo-book' });
      if (!reopened.ok) throw new Error(reopened.error.message);
      const back = reopened.value as SessionSnapshotDto;
      expect(back.recovered).toEqual({ edits: 1 });
      expect(back.state.dirty).toBe(true);
      expect(back.portfolio.positions).toHaveLength(before + 1);
      expect(back.portfolio.positions.find((r) => r.id === 'crash-row')).toMatchObject({ instrument: 'BTC-PERPETUAL', size: '12345' });
      // Saving after the restart cuts a revision that holds it.
      const saved = await w.dispatch('session:save', { sessionId: back.sessionId, note: 'after crash' });
      expect(saved).toMatchObject({ ok: true });
      const stored = await w.dispatch('portfolio:get', { id: 'demo-book' });
      expect((stored as { value: { positions: { id: string }[] } }).value.positions.some((p) => p.id === 'crash-row')).toBe(true);
    } finally {
      await w.close();
    }
  }, 60_000);
});
