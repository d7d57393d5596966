/**
 * Main-process wiring against a mocked `electron` (the runtime cannot be downloaded here):
 * every contract channel gets a handler that checks its sender and validates its request; the
 * window is created with the hardened webPreferences; navigation and window.open are denied.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { inProcessDispatcher, type AppService } from '../service/dispatch';

const h = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, raw: unknown) => Promise<unknown>>(),
  windows: [] as { options: Record<string, unknown>; loaded?: string }[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      h.windows.push(this);
    }
    once() {}
    show() {}
    loaded?: string;
    async loadFile(p: string) { this.loaded = p; }
    async loadURL(u: string) { this.loaded = u; }
    static getAllWindows() { return h.windows; }
  }
  return {
    BrowserWindow,
    ipcMain: { handle: (c: string, fn: (event: unknown, raw: unknown) => Promise<unknown>) => h.handlers.set(c, fn) },
    app: { on: vi.fn(), whenReady: () => Promise.resolve(), requestSingleInstanceLock: () => true },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
    shell: { openExternal: vi.fn() },
  };
});

const { registerHandlers } = await import('./ipc/register-handlers');
const { createMainWindow, hardenedWebPreferences } = await import('./modules/window');
const { guardWebContents, isAppUrl } = await import('./modules/security');

function fakeService(): AppService {
  const calls = INVOKE_CHANNELS.map((c) => [c, vi.fn(async () => `answer of ${c}`)]);
  return Object.fromEntries(calls) as unknown as AppService;
}

const WHERE = { indexUrl: 'app://pmdesk/index.html' };
const fromApp = { senderFrame: { url: 'app://pmdesk/index.html' } };

describe('registerHandlers', () => {
  beforeEach(() => h.handlers.clear());

  it('registers exactly one handler per contract channel', () => {
    const registered = registerHandlers(inProcessDispatcher(fakeService()), WHERE);
    expect(registered.sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect([...h.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('answers a valid request with an ok envelope', async () => {
    registerHandlers(inProcessDispatcher(fakeService()), WHERE);
    await expect(h.handlers.get('portfolio:list')!(fromApp, undefined)).resolves.toEqual({ ok: true, value: 'answer of portfolio:list' });
  });

  it('refuses a malformed request on every channel with a validation error, never a throw', async () => {
    const service = fakeService();
    registerHandlers(inProcessDispatcher(service), WHERE);
    for (const channel of INVOKE_CHANNELS) {
      const res = (await h.handlers.get(channel)!(fromApp, { nonsense: true })) as { ok: boolean; error: { code: string } };
      expect(res.ok, channel).toBe(false);
      expect(res.error.code, channel).toBe('validation');
      expect(service[channel], channel).not.toHaveBeenCalled();
    }
  });

  it('refuses a sender that is not the app renderer', async () => {
    registerHandlers(inProcessDispatcher(fakeService()), WHERE);
    const res = (await h.handlers.get('portfolio:list')!({ senderFrame: { url: 'https://evil.example/' } }, undefined)) as { ok: boolean; error: { code: string } };
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('turns a service failure into an internal error envelope and logs it', async () => {
    const service = fakeService();
    (service['portfolio:list'] as unknown as ReturnType<typeof vi.fn>).mockRejectedValueOnce(new Error('disk gone'));
    const log = vi.fn();
    registerHandlers(inProcessDispatcher(service, log), WHERE);
    const res = await h.handlers.get('portfolio:list')!(fromApp, undefined);
    expect(res).toEqual({ ok: false, error: { code: 'internal', message: 'internal error: disk gone' } });
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('main window', () => {
  it('is created with the hardened webPreferences and loads the app:// page, never a file', async () => {
    h.windows.length = 0;
    await createMainWindow('/app/out/preload/index.cjs', 'app://pmdesk/index.html');
    const prefs = h.windows[0].options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true, preload: '/app/out/preload/index.cjs' });
    expect(prefs).toEqual(hardenedWebPreferences('/app/out/preload/index.cjs'));
    expect(h.windows[0].loaded).toBe('app://pmdesk/index.html');
  });
});

describe('navigation guards', () => {
  it('denies window.open and blocks navigation to foreign pages', () => {
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const listeners: Record<string, (e: { preventDefault: () => void }, url: string) => void> = {};
    const contents = {
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
      on: (ev: string, fn: (e: { preventDefault: () => void }, url: string) => void) => (listeners[ev] = fn),
    };
    guardWebContents(contents as never, WHERE);
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const foreign = { preventDefault: vi.fn() };
    listeners['will-navigate'](foreign, 'https://evil.example/');
    expect(foreign.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    listeners['will-navigate'](own, 'app://pmdesk/index.html#grid');
    expect(own.preventDefault).not.toHaveBeenCalled();
    // The built page as a file (what loadFile used to open), any other file, another path or host of app:.
    for (const url of ['file:///app/out/renderer/index.html', 'file:///tmp/evil.html', 'app://pmdesk/assets/index.js', 'app://pmdesk/', 'app://evil/index.html', 'app://pmdesk.evil/index.html']) {
      const other = { preventDefault: vi.fn() };
      listeners['will-navigate'](other, url);
      expect(other.preventDefault, url).toHaveBeenCalled();
    }
    const redirect = { preventDefault: vi.fn() };
    listeners['will-redirect'](redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('refuses IPC from any file: page (the built page included) and any other app: page', async () => {
    h.handlers.clear();
    registerHandlers(inProcessDispatcher(fakeService()), WHERE);
    for (const url of ['file:///tmp/evil.html', 'file:///app/out/renderer/index.html', 'app://evil/index.html', 'app://pmdesk/other.html']) {
      const res = await h.handlers.get('portfolio:list')!({ senderFrame: { url } }, undefined);
      expect(res, url).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('accepts the dev server origin only when one is configured', () => {
    const dev = { ...WHERE, devServerUrl: 'http://localhost:5173' };
    expect(isAppUrl('http://localhost:5173/x', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/x', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', WHERE)).toBe(false);
    expect(isAppUrl('not a url', WHERE)).toBe(false);
  });
});
