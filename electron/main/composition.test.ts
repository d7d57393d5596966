/**
 * The composition root (`index.ts`) against a mocked `electron` and mocked modules: on ready it
 * opens the log in the user-data folder, starts the service worker with main's hooks (a restart
 * is logged and told to the window; a job's progress goes on the taskbar), registers the channels,
 * installs the menu and opens the guarded, tracked window; a database the store refuses is shown
 * in an error box and the app quits.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceWorkerHooks } from '../service/worker/worker-dispatcher';

const h = vi.hoisted(() => ({
  userData: '',
  ready: undefined as undefined | (() => void),
  start: vi.fn(),
  hooks: undefined as ServiceWorkerHooks | undefined,
  calls: [] as string[],
  windowUrl: undefined as string | undefined,
  sent: [] as { channel: string; payload: unknown }[],
  bars: [] as number[],
  errorBox: vi.fn(),
  quit: vi.fn(),
  appOn: new Map<string, (...args: unknown[]) => void>(),
  onArgv: undefined as undefined | ((argv: string[], cwd: string) => void),
  opened: undefined as undefined | { take(): unknown[] },
}));

vi.mock('electron', () => {
  const win = { isDestroyed: () => false, setProgressBar: (v: number) => h.bars.push(v), webContents: { send: (channel: string, payload: unknown) => h.sent.push({ channel, payload }) } };
  return {
    app: {
      isPackaged: true, name: 'pmdesk', getVersion: () => '9.9.9', getPath: () => h.userData, quit: h.quit,
      on: (event: string, fn: (...args: unknown[]) => void) => h.appOn.set(event, fn),
      whenReady: () => ({ then: (f: () => Promise<void>) => { h.ready = () => void f(); } }),
    },
    BrowserWindow: { getAllWindows: () => [win], getFocusedWindow: () => win, fromWebContents: () => win },
    dialog: { showErrorBox: h.errorBox },
    ipcMain: { handle: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: { scheme: string }[]) => h.calls.push(`scheme:${schemes.map((s) => s.scheme).join()}`),
      handle: (scheme: string) => h.calls.push(`protocol:${scheme}`),
    },
  };
});
vi.mock('../service/worker/worker-dispatcher', () => ({
  startServiceWorker: (...args: unknown[]) => {
    h.hooks = args[2] as ServiceWorkerHooks;
    return h.start(...args);
  },
}));
vi.mock('./modules/single-instance', () => ({ enableSingleInstance: (onArgv: (argv: string[], cwd: string) => void) => ((h.onArgv = onArgv), true) }));
vi.mock('./modules/security', () => ({ enableSecurity: () => h.calls.push('security') }));
vi.mock('./ipc/register-handlers', () => ({ registerHandlers: () => h.calls.push('handlers') }));
vi.mock('./modules/menu', () => ({ enableMenu: () => h.calls.push('menu') }));
vi.mock('./modules/window', () => ({ createMainWindow: async (_preload: string, url: string) => (h.calls.push('window'), (h.windowUrl = url), {}) }));
vi.mock('./modules/window-state', () => ({ loadWindowState: async () => ({}), trackWindowState: () => h.calls.push('track') }));
vi.mock('./modules/log-file', async (importOriginal) => ({ ...(await importOriginal<typeof import('./modules/log-file')>()), captureProcessOutput: () => h.calls.push('capture') }));
vi.mock('./modules/shell-ipc', async (importOriginal) => ({
  ...(await importOriginal<typeof import('./modules/shell-ipc')>()),
  registerShellHandlers: (_where: unknown, _dispatch: unknown, opened: { take(): unknown[] }) => ((h.opened = opened), h.calls.push('shell')),
  guardClose: () => h.calls.push('guard'),
}));

const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

describe('electron/main/index.ts', () => {
  beforeEach(() => {
    vi.resetModules();
    h.userData = mkdtempSync(join(tmpdir(), 'pmdesk-main-'));
    h.calls = [];
    h.windowUrl = undefined;
    h.sent = [];
    h.bars = [];
    h.start.mockReset();
    h.errorBox.mockReset();
    h.quit.mockReset();
    h.appOn.clear();
    h.onArgv = undefined;
    h.opened = undefined;
    delete process.env['PMDESK_DB'];
  });

  it('wires the app: scheme, log, worker hooks, channels, menu and the window, in that order', async () => {
    h.start.mockResolvedValue({ dispatch: vi.fn(), close: vi.fn() });
    await import('./index');
    // Checklist item 18: the scheme is privileged at import, before ready (Electron ignores it later).
    expect(h.calls).toEqual(['scheme:app', 'security']);
    h.ready!();
    await flush();
    expect(h.start).toHaveBeenCalledWith(expect.stringMatching(/service-worker\.js$/), { databasePath: join(h.userData, 'pmdesk.db'), host: 'electron', version: '9.9.9' }, expect.anything());
    expect(h.calls).toEqual(['scheme:app', 'security', 'protocol:app', 'capture', 'handlers', 'shell', 'menu', 'window', 'guard', 'track']);
    expect(h.windowUrl).toBe('app://pmdesk/index.html');
    const log = join(h.userData, 'logs', 'pmdesk.log');
    expect(readFileSync(log, 'utf8')).toMatch(/\[main\] pmdesk 9\.9\.9 started .* database .*pmdesk\.db/);

    h.hooks!.onRestarted!('service restarted');
    expect(h.sent).toEqual([{ channel: 'shell:notice', payload: { message: 'service restarted' } }]);
    expect(readFileSync(log, 'utf8')).toContain('[service-worker] service restarted');
    h.hooks!.onProgress!({ jobId: 'j', seq: 2, state: 'running', done: 1, total: 2, label: '' });
    h.hooks!.onProgress!({ jobId: 'j', seq: 3, state: 'done', done: 2, total: 2, label: '' });
    expect(h.bars).toEqual([0.5, -1]);
  });

  it('reports the OS opens pmdesk with: open-file listened to before ready; a second instance\'s argv read by main, announced to the window, taken once by name and text', async () => {
    h.start.mockResolvedValue({ dispatch: vi.fn(), close: vi.fn() });
    await import('./index');
    expect(h.appOn.has('open-file')).toBe(true);
    h.ready!();
    await flush();
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-opened-'));
    writeFileSync(join(dir, 'Desk.pmreport'), '{"format":"pmdesk-margin-report"}');
    h.onArgv!(['/opt/pmdesk/pmdesk', '--some-switch', 'Desk.pmreport'], dir);
    await vi.waitFor(() => expect(h.sent).toContainEqual({ channel: 'shell:files-opened', payload: {} }));
    expect(h.opened!.take()).toEqual([{ name: 'Desk.pmreport', text: '{"format":"pmdesk-margin-report"}' }]);
    expect(h.opened!.take()).toEqual([]);
    // A file that cannot be read: an error box, nothing queued.
    h.onArgv!(['/opt/pmdesk/pmdesk', join(dir, 'gone.pmreport')], dir);
    await vi.waitFor(() => expect(h.errorBox).toHaveBeenCalledWith('pmdesk cannot open the file', expect.stringContaining('gone.pmreport')));
    expect(h.opened!.take()).toEqual([]);
  });

  it('a refused database: error box with the store message, quit, no window', async () => {
    h.start.mockRejectedValue(new Error('this database was written by a newer pmdesk (schema 99)'));
    await import('./index');
    h.ready!();
    await flush();
    expect(h.errorBox).toHaveBeenCalledWith('pmdesk cannot open its database', 'this database was written by a newer pmdesk (schema 99)');
    expect(h.quit).toHaveBeenCalled();
    expect(h.calls).not.toContain('window');
  });
});
