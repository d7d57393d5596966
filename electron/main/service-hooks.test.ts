/** Main's hooks on the service worker, against a mocked `electron`: errors logged, a restart logged and told to every window. */
import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ sent: [] as { win: number; channel: string; payload: unknown }[], bars: [] as { win: number; value: number }[] }));
vi.mock('electron', () => {
  const win = (n: number) => ({ isDestroyed: () => false, setProgressBar: (value: number) => h.bars.push({ win: n, value }), webContents: { send: (channel: string, payload: unknown) => h.sent.push({ win: n, channel, payload }) } });
  const windows = [win(1), win(2)];
  return { BrowserWindow: { getAllWindows: () => windows, fromWebContents: () => null }, ipcMain: { handle: vi.fn() }, dialog: {} };
});

const { serviceHooks } = await import('./modules/service-hooks');

describe('serviceHooks', () => {
  it('logs worker errors and tells every window about a restart', () => {
    const lines: string[] = [];
    const hooks = serviceHooks({ path: '/logs/pmdesk.log', write: (l) => lines.push(l) });
    hooks.log?.('[service-worker] Error: boom');
    hooks.onRestarted?.('the service was restarted');
    expect(lines).toEqual(['[service-worker] Error: boom', '[service-worker] the service was restarted']);
    expect(h.sent).toEqual([
      { win: 1, channel: 'shell:notice', payload: { message: 'the service was restarted' } },
      { win: 2, channel: 'shell:notice', payload: { message: 'the service was restarted' } },
    ]);
  });

  it("puts a job's progress on every window's taskbar and removes it when the job ends or is cancelled", () => {
    const hooks = serviceHooks({ path: '/logs/pmdesk.log', write: () => {} });
    const p = { jobId: 'j', seq: 1, state: 'running' as const, done: 0, total: 4, label: '' };
    hooks.onProgress?.(p);
    hooks.onProgress?.({ ...p, seq: 2, done: 1 });
    hooks.onProgress?.({ ...p, seq: 3, done: 1, state: 'cancelled' });
    expect(h.bars).toEqual([{ win: 1, value: 0 }, { win: 2, value: 0 }, { win: 1, value: 0.25 }, { win: 2, value: 0.25 }, { win: 1, value: -1 }, { win: 2, value: -1 }]);
  });
});
