/** Main's hooks on the service worker, against a mocked `electron`: errors logged, a restart logged and told to every window. */
import { describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ sent: [] as { win: number; channel: string; payload: unknown }[] }));
vi.mock('electron', () => {
  const win = (n: number) => ({ isDestroyed: () => false, webContents: { send: (channel: string, payload: unknown) => h.sent.push({ win: n, channel, payload }) } });
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
});
