/**
 * Request guards of the web host: loopback Host only (DNS-rebinding defence), same-origin only,
 * JSON only, and the per-start token on every API call (constant-time compare).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Why a request was refused, or null when it may proceed. */
export type GuardVerdict = { status: 401 | 403 | 415; message: string } | null;

/** Host header values we answer to: the loopback names with our port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** Compare two tokens in constant time. */
export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Check the Host header on every request (static files included). */
export function checkHost(req: IncomingMessage, port: number): GuardVerdict {
  const host = req.headers.host ?? '';
  return allowedHosts(port).has(host) ? null : { status: 403, message: `host "${host}" refused: pmdesk answers on loopback only` };
}

/** Check an API call: same origin (when the browser names one), JSON body, and the token. */
export function checkApiCall(req: IncomingMessage, port: number, token: string): GuardVerdict {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const ok = [...allowedHosts(port)].some((h) => origin === `http://${h}`);
    if (!ok) return { status: 403, message: `cross-origin request from ${origin} refused` };
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return { status: 403, message: `cross-site request (${String(site)}) refused` };
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, message: 'API calls must send Content-Type: application/json' };
  const given = req.headers['x-pmdesk-token'];
  if (typeof given !== 'string' || !tokensEqual(given, token)) return { status: 401, message: 'missing or wrong x-pmdesk-token' };
  return null;
}
