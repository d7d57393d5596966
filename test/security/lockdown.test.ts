/**
 * Electron lockdown beyond webPreferences (issue 11 §5), against a mocked `electron` (the runtime
 * cannot be downloaded here): deny-all permission request/check/device/display handlers on the
 * default session and on sessions created later, the network filter, <webview> refused, DevTools
 * closed in packaged builds, the fuses the afterPack hook flips, and one CSP delivered identically
 * by the packaged app's page and the web host. The IPC sender check is in electron/main/main-wiring.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const appListeners = new Map<string, Listener[]>();
  const makeSession = () => ({
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    setDisplayMediaRequestHandler: vi.fn(),
    webRequest: { onBeforeRequest: vi.fn() },
  });
  return { appListeners, makeSession, defaultSession: makeSession() };
});

vi.mock('electron', () => ({
  app: {
    isPackaged: true,
    on: (event: string, fn: (...args: unknown[]) => unknown) => { h.appListeners.set(event, [...(h.appListeners.get(event) ?? []), fn]); },
    whenReady: () => Promise.resolve(),
  },
  session: { get defaultSession() { return h.defaultSession; } },
  shell: { openExternal: vi.fn() },
}));

const { enableSecurity } = await import('../../electron/main/modules/security');
const { lockDownSession, networkRequestAllowed } = await import('../../electron/main/modules/permissions');
const { lockDevTools } = await import('../../electron/main/modules/devtools');
const { CONTENT_SECURITY_POLICY } = await import('../../electron/main/modules/csp');

const WHERE = { indexUrl: 'app://pmdesk/index.html' };

/** A fake WebContents recording its listeners. */
function fakeContents(devtoolsOpen = false) {
  const on = new Map<string, ((...a: unknown[]) => void)[]>();
  return {
    listeners: on,
    on(event: string, fn: (...a: unknown[]) => void) { on.set(event, [...(on.get(event) ?? []), fn]); return this; },
    emit(event: string, ...args: unknown[]) { for (const fn of on.get(event) ?? []) fn(...args); },
    setWindowOpenHandler: vi.fn(),
    isDevToolsOpened: vi.fn(() => devtoolsOpen),
    closeDevTools: vi.fn(),
  };
}

/** Every handler installed on a session must deny. */
function expectDenyAll(s: ReturnType<typeof h.makeSession>) {
  const request = s.setPermissionRequestHandler.mock.calls[0]?.[0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'display-capture', 'unknown']) {
    const cb = vi.fn();
    request({}, permission, cb);
    expect(cb, permission).toHaveBeenCalledWith(false);
  }
  const check = s.setPermissionCheckHandler.mock.calls[0]?.[0] as (...a: unknown[]) => boolean;
  for (const permission of ['media', 'clipboard-read', 'hid', 'serial', 'usb']) expect(check({}, permission, 'file://', {})).toBe(false);
  expect((s.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean)()).toBe(false);
  const display = vi.fn();
  (s.setDisplayMediaRequestHandler.mock.calls[0]?.[0] as (r: unknown, cb: (x: unknown) => void) => void)({}, display);
  expect(display).toHaveBeenCalledWith({});
}

describe('session lockdown', () => {
  beforeEach(() => {
    h.appListeners.clear();
    h.defaultSession = h.makeSession();
  });

  it('enableSecurity denies every permission on the default session and on sessions created later', async () => {
    enableSecurity(WHERE, true);
    await Promise.resolve();
    expectDenyAll(h.defaultSession);
    const later = h.makeSession();
    for (const fn of h.appListeners.get('session-created') ?? []) fn(later);
    expectDenyAll(later);
  });

  it('the network filter cancels every http(s)/ws(s) request in a packaged app, allows only the dev server in development', () => {
    const s = h.makeSession();
    lockDownSession(s as never, undefined);
    const [filter, listener] = s.webRequest.onBeforeRequest.mock.calls[0] as [{ urls: string[] }, (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void];
    expect(filter.urls).toEqual(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    for (const url of ['https://example.com/x', 'http://127.0.0.1:5178/api/app:info', 'wss://evil.test/']) {
      const cb = vi.fn();
      listener({ url }, cb);
      expect(cb, url).toHaveBeenCalledWith({ cancel: true });
    }
    expect(networkRequestAllowed('http://localhost:5173/src/main.ts', 'http://localhost:5173')).toBe(true);
    expect(networkRequestAllowed('ws://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(networkRequestAllowed('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(networkRequestAllowed('https://example.com/', 'http://localhost:5173')).toBe(false);
    expect(networkRequestAllowed('not a url', 'http://localhost:5173')).toBe(false);
  });
});

describe('web contents lockdown', () => {
  beforeEach(() => h.appListeners.clear());

  it('<webview> attach is refused and window.open denied on every web contents', () => {
    enableSecurity(WHERE, true);
    const c = fakeContents();
    for (const fn of h.appListeners.get('web-contents-created') ?? []) fn({}, c);
    const ev = { preventDefault: vi.fn() };
    c.emit('will-attach-webview', ev, {}, {});
    expect(ev.preventDefault).toHaveBeenCalled();
    const open = c.setWindowOpenHandler.mock.calls[0][0] as (d: { url: string }) => { action: string };
    expect(open({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('DevTools are closed whenever they open in a packaged build, left alone in development', () => {
    const packaged = fakeContents(true);
    lockDevTools(packaged as never, true);
    expect(packaged.closeDevTools).toHaveBeenCalledTimes(1);
    packaged.emit('devtools-opened');
    expect(packaged.closeDevTools).toHaveBeenCalledTimes(2);
    const dev = fakeContents(true);
    lockDevTools(dev as never, false);
    dev.emit('devtools-opened');
    expect(dev.closeDevTools).not.toHaveBeenCalled();
    expect(dev.listeners.has('devtools-opened')).toBe(false);
  });

  it('enableSecurity wires the DevTools lock from app.isPackaged', () => {
    enableSecurity(WHERE);
    const c = fakeContents(false);
    for (const fn of h.appListeners.get('web-contents-created') ?? []) fn({}, c);
    c.emit('devtools-opened');
    expect(c.closeDevTools).toHaveBeenCalledTimes(1);
  });
});

describe('Electron fuses (scripts/electron-fuses.cjs, electron-builder afterPack)', () => {
  const require = createRequire(import.meta.url);
  const hook = require('../../scripts/electron-fuses.cjs') as ((ctx: unknown, fuses?: unknown) => Promise<string>) & { pmdeskFuseConfig: (v: unknown, o: unknown) => Record<string, unknown> };
  const real = require('@electron/fuses') as { FuseVersion: { V1: string }; FuseV1Options: Record<string, number> };

  it('flips RunAsNode, NODE_OPTIONS and --inspect off, ASAR integrity and ASAR-only on', async () => {
    const flipFuses = vi.fn(async () => 0);
    const ctx = { appOutDir: '/out/linux-unpacked', electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'pmdesk' }, executableName: 'pmdesk' } };
    const binary = await hook(ctx, { ...real, flipFuses });
    expect(binary).toBe(join('/out/linux-unpacked', 'pmdesk'));
    const [path, config] = flipFuses.mock.calls[0] as unknown as [string, Record<string, unknown>];
    expect(path).toBe(binary);
    const o = real.FuseV1Options;
    expect(config).toMatchObject({
      version: real.FuseVersion.V1,
      [o.RunAsNode]: false,
      [o.EnableNodeOptionsEnvironmentVariable]: false,
      [o.EnableNodeCliInspectArguments]: false,
      [o.EnableEmbeddedAsarIntegrityValidation]: true,
      [o.OnlyLoadAppFromAsar]: true,
      [o.EnableCookieEncryption]: true,
      [o.GrantFileProtocolExtraPrivileges]: false,
    });
    // Every fuse the library knows is set explicitly (none left at Electron's default).
    for (const k of Object.keys(o).filter((x) => !/^\d+$/.test(x))) expect(config, k).toHaveProperty(String(o[k]));
  });

  it('finds the binary on macOS and Windows too', async () => {
    const flipFuses = vi.fn(async () => 0);
    const base = { packager: { appInfo: { productFilename: 'pmdesk' } } };
    expect(await hook({ ...base, appOutDir: '/o', electronPlatformName: 'darwin' }, { ...real, flipFuses })).toBe(join('/o', 'pmdesk.app', 'Contents', 'MacOS', 'pmdesk'));
    expect(await hook({ ...base, appOutDir: '/o', electronPlatformName: 'win32' }, { ...real, flipFuses })).toBe(join('/o', 'pmdesk.exe'));
  });
});

describe('one CSP, delivered the same way by the packaged page and the web host', () => {
  const ROOT = join(__dirname, '../..');
  const metaOf = (html: string) => {
    const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    return m?.[1];
  };

  it('renderer/index.html carries exactly the policy, connect-src limited to the app itself', () => {
    const html = readFileSync(join(ROOT, 'renderer/index.html'), 'utf8');
    expect(metaOf(html)).toBe(CONTENT_SECURITY_POLICY);
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-src']).toEqual(["'none'"]);
  });

  it('the built page (when built) keeps it', () => {
    const built = join(ROOT, 'out/renderer/index.html');
    if (!existsSync(built)) return; // npm test builds after the unit tests; the e2e run serves the built page
    expect(metaOf(readFileSync(built, 'utf8'))).toBe(CONTENT_SECURITY_POLICY);
  });

  it('the web host serves the same meta, unchanged, and no conflicting CSP header', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { startWebHost } = await import('../../electron/web-host/server');
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-csp-'));
    writeFileSync(join(dir, 'index.html'), readFileSync(join(ROOT, 'renderer/index.html'), 'utf8'));
    const host = await startWebHost({ dispatch: async () => ({ ok: true, value: null }), rendererDir: dir, token: 't', log: () => {} });
    try {
      const res = await fetch(host.url);
      expect(metaOf(await res.text())).toBe(CONTENT_SECURITY_POLICY);
      const header = res.headers.get('content-security-policy');
      expect(header === null || header === CONTENT_SECURITY_POLICY).toBe(true);
    } finally {
      await host.close();
    }
  });
});
