/**
 * The `app://pmdesk` scheme (Electron security checklist item 18) against a mocked `electron`:
 * registered privileged with exactly standard/secure/supportFetchAPI, the handler serves the
 * renderer folder's files with their MIME types and refuses every way out of it (plain and
 * percent-encoded traversal, backslashes, NUL, other hosts, ports, credentials, folders, unknown
 * types, other methods). The built page, when there is one, loads only same-origin assets it can
 * serve. Scheme-before-ready and the window's URL are in composition.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
}));
vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged: h.registerSchemesAsPrivileged, handle: h.handle } }));

const { APP_INDEX_URL, contentTypeFor, enableAppProtocol, registerAppScheme, resolveAppPath, serveAppRequest } = await import('./modules/app-protocol');

const INDEX_HTML = '<!doctype html><title>pmdesk</title><script type="module" src="./assets/index-abc.js"></script>';
const ASSET_JS = 'export const x = 1;\n';
const SECRET = 'outside the renderer folder';

/** tmp/out/renderer (the root) with index.html and assets, plus secrets beside and above it. */
let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'pmdesk-app-protocol-'));
  root = join(base, 'out', 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), INDEX_HTML);
  writeFileSync(join(root, 'assets', 'index-abc.js'), ASSET_JS);
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'run.sh'), 'echo not a web type');
  writeFileSync(join(base, 'out', 'secret.txt'), SECRET);
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'out', 'renderer-evil'));
  writeFileSync(join(base, 'out', 'renderer-evil', 'index.html'), SECRET);
});

const get = (url: string, method = 'GET') => serveAppRequest({ url, method }, root);

describe('registerAppScheme', () => {
  it('registers app: once, privileged as standard + secure + fetch, nothing more (no CORS, no CSP bypass)', () => {
    registerAppScheme();
    expect(h.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(h.registerSchemesAsPrivileged.mock.calls[0]![0]).toStrictEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });
});

describe('serveAppRequest', () => {
  it('serves index.html as text/html with its bytes, nosniff', async () => {
    const res = await get(APP_INDEX_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe(INDEX_HTML);
  });

  it('serves an asset with its own type, resolved relative to the page as the browser does', async () => {
    const js = await get(new URL('./assets/index-abc.js', APP_INDEX_URL).href);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe(ASSET_JS);
    const css = await get('app://pmdesk/assets/index-abc.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD with the headers and no body; refuses other methods with 405', async () => {
    const head = await get(APP_INDEX_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(INDEX_HTML)));
    expect(await head.text()).toBe('');
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) expect((await get(APP_INDEX_URL, method)).status, method).toBe(405);
  });

  it.each([
    ['plain traversal (the URL parser folds it to /etc/passwd)', 'app://pmdesk/../../etc/passwd'],
    ['encoded dots', 'app://pmdesk/%2e%2e/%2e%2e/etc/passwd'],
    ['encoded slash to the folder above', 'app://pmdesk/..%2fsecret.txt'],
    ['encoded slash, upper case, from a subfolder', 'app://pmdesk/assets/..%2F..%2F..%2Fsecret.txt'],
    ['encoded dots and slash', 'app://pmdesk/%2e%2e%2fsecret.txt'],
    ['encoded backslash', 'app://pmdesk/..%5csecret.txt'],
    ['a sibling folder sharing the prefix', 'app://pmdesk/..%2frenderer-evil%2findex.html'],
    ['an absolute path smuggled in a segment', 'app://pmdesk/%2fetc%2fpasswd'],
    ['NUL', 'app://pmdesk/index.html%00.js'],
    ['malformed encoding', 'app://pmdesk/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['a host extending ours', 'app://pmdesk.evil/index.html'],
    ['credentials', 'app://user:pw@pmdesk/index.html'],
    ['a port', 'app://pmdesk:8080/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['the bare origin', 'app://pmdesk/'],
    ['a folder', 'app://pmdesk/assets'],
    ['a folder with a slash', 'app://pmdesk/assets/'],
    ['an empty segment', 'app://pmdesk//index.html'],
    ['a missing file', 'app://pmdesk/nope.js'],
    ['a type the renderer never serves', 'app://pmdesk/assets/run.sh'],
    ['not a URL', 'not a url'],
  ])('404 for %s: %s', async (_why, url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain(SECRET);
    // Whatever a URL names (folded by the URL parser or not), it is never a path outside the root.
    const path = resolveAppPath(url, root);
    expect(path === null || path.startsWith(root + sep), String(path)).toBe(true);
  });

  it('the encoded traversals above aim at files that exist: a naive decode-and-join would leak them', () => {
    const naive = (url: string) => join(root, decodeURIComponent(new URL(url).pathname));
    expect(readFileSync(naive('app://pmdesk/..%2fsecret.txt'), 'utf8')).toBe(SECRET);
    expect(readFileSync(naive('app://pmdesk/assets/..%2F..%2F..%2Fsecret.txt'), 'utf8')).toBe(SECRET);
    expect(readFileSync(naive('app://pmdesk/..%2frenderer-evil%2findex.html'), 'utf8')).toBe(SECRET);
  });

  it('knows the type of what Vite emits and no other', () => {
    expect(contentTypeFor('a.mjs')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.WOFF2')).toBe('font/woff2');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.wasm')).toBe('application/wasm');
    for (const f of ['a.exe', 'a.sh', 'a', 'a.html.bak', 'a.db']) expect(contentTypeFor(f), f).toBeUndefined();
  });
});

describe('enableAppProtocol', () => {
  it('installs the handler for app: on the default session, serving from the given folder', async () => {
    enableAppProtocol(join(base, 'out', '.', 'renderer'));
    expect(h.handle).toHaveBeenCalledOnce();
    const [scheme, handler] = h.handle.mock.calls[0]! as [string, (r: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    expect(await (await handler(new Request(APP_INDEX_URL))).text()).toBe(INDEX_HTML);
    expect((await handler(new Request('app://pmdesk/..%2fsecret.txt'))).status).toBe(404);
  });
});

const BUILT = resolve(import.meta.dirname, '../../out/renderer');

describe.skipIf(!existsSync(join(BUILT, 'index.html')))('the built renderer (out/renderer) under app://pmdesk', () => {
  it('every built file has a type, and the page loads only same-origin files the handler serves', async () => {
    const files = readdirSync(BUILT, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    for (const f of files) expect(contentTypeFor(f.name), f.name).toBeDefined();
    const html = readFileSync(join(BUILT, 'index.html'), 'utf8');
    // No inline script: script-src 'self' (= app://pmdesk) must cover every script.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const refs = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !r.startsWith('data:'));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const url = new URL(ref, APP_INDEX_URL);
      expect(`${url.protocol}//${url.host}`, ref).toBe('app://pmdesk');
      expect((await serveAppRequest({ url: url.href, method: 'GET' }, BUILT)).status, ref).toBe(200);
    }
  });
});
