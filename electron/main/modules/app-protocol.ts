/**
 * The renderer's own origin, `app://pmdesk` (Electron security checklist item 18, "avoid file://,
 * prefer a custom protocol": https://www.electronjs.org/docs/latest/tutorial/security). The packaged
 * app serves `out/renderer` through `protocol.handle` instead of loading it with `loadFile`, so the
 * page is one origin of its own that can read nothing else on the disk, and `'self'` in its CSP
 * means `app://pmdesk` only (a `file://` page's `'self'` covers every local file).
 *
 * The scheme is registered once, before `app.ready` (`registerSchemesAsPrivileged` can only be
 * called then, and a second call replaces the first): `standard` (relative URLs, a real origin,
 * web storage), `secure` (a secure context, as file:// was), `supportFetchAPI`. Not `corsEnabled`,
 * not `bypassCSP`: no other origin may read it and the page's CSP applies. Only the default
 * session gets the handler; the report-print window's own partition cannot reach it.
 *
 * The handler answers GET/HEAD for a file under the renderer folder with its MIME type, and 404
 * for anything else: another host, a path escaping the folder (`..`, encoded `%2e%2e` or `%2f`,
 * backslashes, NUL), a directory, a missing file or an extension not in {@link CONTENT_TYPES}.
 */
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** Its only host; any other host is refused. */
export const APP_HOST = 'pmdesk';
/** The renderer's origin, what `'self'` in its CSP and the navigation/IPC checks mean. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the main window loads in a packaged (or built, non-dev) app. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/**
 * MIME type per file extension for what the renderer build can emit (Vite: html, js, css, source
 * maps, fonts, images, wasm). An extension not listed is refused: an unknown type is never guessed.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Register `app:` as a privileged standard scheme. Must run before `app.ready` (Electron's rule). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * The file under `root` that `url` names, or null when it names none: not `app://pmdesk`, a path
 * that is empty or a folder, or one that after percent-decoding has a `.`/`..` segment, a
 * backslash or a NUL, or resolves outside `root`. `root` must be absolute.
 */
export function resolveAppPath(url: string, root: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password || u.port) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (path.includes('\\') || path.includes('\0')) return null;
  const segments = path.split('/').slice(1);
  if (segments.length === 0 || segments.some((s) => s === '' || s === '.' || s === '..')) return null;
  const file = resolve(root, ...segments);
  // Belt and braces behind the segment check: the resolved file must lie strictly inside root.
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return file;
}

/** The MIME type for `file` by its extension, or undefined when the renderer never serves that kind. */
export function contentTypeFor(file: string): string | undefined {
  return CONTENT_TYPES[extname(file).toLowerCase()];
}

/** 404 with no body detail: the page never needs to know why. */
function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** Answer one `app:` request from the files under `root` (see the module comment for the rules). */
export async function serveAppRequest(request: Pick<Request, 'url' | 'method'>, root: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('method not allowed', { status: 405, headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' } });
  }
  const file = resolveAppPath(request.url, root);
  const type = file === null ? undefined : contentTypeFor(file);
  if (file === null || type === undefined) return notFound();
  let body: Buffer;
  try {
    body = await readFile(file); // Electron's fs reads inside app.asar too
  } catch {
    return notFound(); // missing, or a directory (EISDIR)
  }
  const headers = { 'content-type': type, 'content-length': String(body.byteLength), 'x-content-type-options': 'nosniff' };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/** Serve `app://pmdesk/…` from `root` (the built `out/renderer`) on the default session. After `app.ready`. */
export function enableAppProtocol(root: string): void {
  const absoluteRoot = resolve(root);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, absoluteRoot));
}
