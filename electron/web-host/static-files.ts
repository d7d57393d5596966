/** Serving the built renderer (`out/renderer`) safely: no traversal, known types, token injected into index.html. */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** A file to send, or null when it does not exist (or escapes the root). */
export async function resolveStatic(root: string, urlPath: string): Promise<{ path: string; type: string } | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const abs = resolve(root, normalize(join('.', rel)));
  const rootAbs = resolve(root);
  if (abs !== rootAbs && !abs.startsWith(rootAbs + sep)) return null;
  try {
    if (!(await stat(abs)).isFile()) return null;
  } catch {
    return null;
  }
  return { path: abs, type: TYPES[extname(abs)] ?? 'application/octet-stream' };
}

/** index.html with the per-start API token placed in a meta tag the renderer's HTTP client reads. */
export async function indexHtmlWithToken(path: string, token: string): Promise<string> {
  const html = await readFile(path, 'utf8');
  return html.replace('<head>', `<head>\n    <meta name="pmdesk-token" content="${token}">`);
}
