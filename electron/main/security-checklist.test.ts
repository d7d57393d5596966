/**
 * Electron security checklist items whose wiring the other main tests do not pin down, against a
 * mocked `electron` (docs/architecture.md "Security (Electron checklist)" lists every item):
 * the window's webPreferences are exactly the hardened set (items 2–4, 6, 8–12: nothing extra, so
 * no `enableBlinkFeatures`, no `preload` on subframes, no `webviewTag`), and only well-formed https
 * links reach `shell.openExternal` (item 15).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({ opened: [] as string[] }));
vi.mock('electron', () => ({
  BrowserWindow: class {},
  app: { on: vi.fn(), whenReady: () => Promise.resolve(), isPackaged: true },
  session: { defaultSession: {} },
  shell: { openExternal: (url: string) => { h.opened.push(url); return Promise.resolve(); } },
}));

const { hardenedWebPreferences } = await import('./modules/window');
const { guardWebContents, openExternalSafely } = await import('./modules/security');

beforeEach(() => { h.opened.length = 0; });

describe('Electron security checklist: wiring', () => {
  it('items 2–4, 6, 8–12: the window gets exactly the hardened webPreferences, nothing more', () => {
    expect(hardenedWebPreferences('/app/out/preload/index.cjs')).toStrictEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true, // 3
      sandbox: true, // 4
      nodeIntegration: false, // 2
      nodeIntegrationInWorker: false, // 2
      nodeIntegrationInSubFrames: false, // 2
      webviewTag: false, // 11, 12
      webSecurity: true, // 6
      allowRunningInsecureContent: false, // 8
      experimentalFeatures: false, // 9
      spellcheck: false,
    }); // 10: no enableBlinkFeatures key at all
  });

  it('item 15: shell.openExternal gets only well-formed https URLs', () => {
    for (const bad of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'vscode://x', 'not a url', '', 'HTTPS//missing-colon']) openExternalSafely(bad);
    expect(h.opened).toEqual([]);
    openExternalSafely('https://www.deribit.com/kb/portfolio-margin');
    expect(h.opened).toEqual(['https://www.deribit.com/kb/portfolio-margin']);
  });

  it('items 14, 15: window.open is denied and sends only https links to the browser', () => {
    let handler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = { setWindowOpenHandler: (fn: typeof handler) => (handler = fn), on: vi.fn() };
    guardWebContents(contents as never, { indexUrl: 'app://pmdesk/index.html' });
    expect(handler!({ url: 'app://pmdesk/index.html' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'http://example.com/' })).toEqual({ action: 'deny' });
    expect(handler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(h.opened).toEqual(['https://example.com/']);
  });
});
