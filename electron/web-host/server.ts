/**
 * The local web host: serves the built renderer and exposes the same service object as Electron
 * main, over HTTP on 127.0.0.1 only (`POST /api/<channel>` with `{ "req": … }`), with the same
 * validation path (the service worker's `dispatch`). Every API call needs the per-start token; cross-origin calls are refused.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Dispatcher, JsonDispatcher } from '../service/worker/worker-protocol';
import { parseWebHostRequest } from '../../shared/ipc/shell-contract';
import { checkApiCall, checkHost } from './http-guard';
import { NoticeBoard } from './notice-board';
import { indexHtmlWithToken, resolveStatic } from './static-files';

/** Largest API request body accepted (a 250,000-position book is well under this). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Options of `startWebHost`. */
export interface WebHostOptions {
  /** Validates and runs one request (the service worker's, or an in-process `dispatch`). */
  dispatch: Dispatcher;
  /**
   * The same, answered with the envelope's JSON text (the service worker serializes it: the body
   * is sent as it comes, not cloned across threads and serialized again). Used when given.
   */
  dispatchJson?: JsonDispatcher;
  /** Folder of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** Port on 127.0.0.1 (0 = any free port). */
  port?: number;
  /** Fixed token (tests); a random 32-byte token otherwise. */
  token?: string;
  log?: (msg: string) => void;
  /** What the browser is told (`shell:notices`, answered here): the service worker's restarts. A fresh board if omitted. */
  notices?: NoticeBoard;
}

/** A running web host. */
export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...SECURITY_HEADERS });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body above ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const STATUS_OF_CODE: Record<string, number> = { validation: 400, 'not-found': 404, conflict: 409, unauthorized: 401, forbidden: 403, internal: 500 };

/** Start the host on 127.0.0.1. Resolves once it listens. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(32).toString('hex');
  const log = opts.log ?? ((m: string) => console.error(m));
  const notices = opts.notices ?? new NoticeBoard();
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      log(`[web-host] ${req.method} ${req.url} failed: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'internal error' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostVerdict = checkHost(req, port);
    if (hostVerdict) return sendJson(res, hostVerdict.status, { ok: false, error: { code: 'forbidden', message: hostVerdict.message } });
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'forbidden', message: 'API calls are POST' } });
      const verdict = checkApiCall(req, port, token);
      if (verdict) {
        const code = verdict.status === 401 ? 'unauthorized' : verdict.status === 415 ? 'validation' : 'forbidden';
        return sendJson(res, verdict.status, { ok: false, error: { code, message: verdict.message } });
      }
      let channel: string;
      try {
        channel = decodeURIComponent(url.slice('/api/'.length).split('?')[0]);
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'validation', message: 'malformed channel in the request path' } });
      }
      let raw: unknown;
      try {
        const body = await readBody(req);
        const parsed = body === '' ? {} : (JSON.parse(body) as unknown);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('body must be a JSON object { "req": … }');
        raw = (parsed as { req?: unknown }).req;
      } catch (e) {
        return sendJson(res, 400, { ok: false, error: { code: 'validation', message: `malformed request body: ${e instanceof Error ? e.message : String(e)}` } });
      }
      // The host's own channel: the notices outlive the worker, so the host answers them.
      if (channel === 'shell:notices') {
        const parsed = parseWebHostRequest('shell:notices', raw);
        if (!parsed.ok) {
          const message = `invalid shell:notices request: ${parsed.issues.map((i) => `${i.path} ${i.message}`.trim()).join('; ')}`;
          return sendJson(res, 400, { ok: false, error: { code: 'validation', message, issues: parsed.issues } });
        }
        return sendJson(res, 200, { ok: true, value: await notices.next(parsed.req.afterSeq, parsed.req.waitMs) });
      }
      if (opts.dispatchJson) {
        const answer = await opts.dispatchJson(channel, raw);
        return send(res, answer.ok ? 200 : STATUS_OF_CODE[answer.code ?? ''] ?? 500, 'application/json; charset=utf-8', answer.json);
      }
      const result = await opts.dispatch(channel, raw);
      return sendJson(res, result.ok ? 200 : STATUS_OF_CODE[result.error.code] ?? 500, result);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    const file = await resolveStatic(opts.rendererDir, url);
    if (!file) return send(res, 404, 'text/plain', 'not found');
    if (file.path.endsWith('index.html')) return send(res, 200, file.type, await indexHtmlWithToken(file.path, token));
    return send(res, 200, file.type, await readFile(file.path));
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    token,
    close: () => new Promise<void>((ok) => { notices.release(); server.closeAllConnections(); server.close(() => ok()); }),
  };
}
