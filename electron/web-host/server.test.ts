/** The web host in process: token, origin, Host and content-type guards; static files without traversal. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { inProcessDispatcher, type AppService } from '../service/dispatch';
import { startWebHost, type WebHost } from './server';

let host: WebHost;
const service = Object.fromEntries(INVOKE_CHANNELS.map((c) => [c, vi.fn(async () => ({ channel: c }))])) as unknown as AppService;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<html><head><title>x</title></head></html>');
  writeFileSync(join(dir, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'pmdesk-secret.txt'), 'secret');
  host = await startWebHost({ dispatch: inProcessDispatcher(service), rendererDir: dir, token: 'tok', log: () => {} });
});
afterAll(() => host.close());

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': 'tok', ...headers }, body });

describe('web host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves index.html with the token and security headers', async () => {
    const res = await fetch(host.url);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<meta name="pmdesk-token" content="tok">');
  });

  it('does not serve files outside the renderer folder', async () => {
    expect((await fetch(`${host.url}..%2fpmdesk-secret.txt`)).status).toBe(404);
    expect((await fetch(`${host.url}assets/../../pmdesk-secret.txt`)).status).toBe(404);
    expect((await fetch(`${host.url}assets/a.js`)).status).toBe(200);
  });

  it('calls the service for a valid request', async () => {
    const res = await post('api/portfolio:list', '{}');
    expect(await res.json()).toEqual({ ok: true, value: { channel: 'portfolio:list' } });
  });

  it('refuses a missing token, another origin, and a non-JSON content type', async () => {
    expect((await post('api/portfolio:list', '{}', { 'x-pmdesk-token': '' })).status).toBe(401);
    expect((await post('api/portfolio:list', '{}', { origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await post('api/portfolio:list', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('api/portfolio:list', '{}', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
  });

  it('answers a malformed channel path with 400, not a crash', async () => {
    const res = await post('api/%E0%A4%A', '{}');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('answers a malformed body with a validation envelope', async () => {
    const res = await post('api/portfolio:get', '[1,2]');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('sends the JSON text of a JSON dispatcher as the body, with the status of its code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-web-json-'));
    writeFileSync(join(dir, 'index.html'), '<html></html>');
    const inner = inProcessDispatcher(service);
    const seen: string[] = [];
    const h = await startWebHost({
      dispatch: inner, rendererDir: dir, token: 'tok', log: () => {},
      dispatchJson: async (channel, raw) => {
        seen.push(channel);
        const r = await inner(channel, raw);
        return { json: JSON.stringify(r), ok: r.ok, ...(r.ok ? {} : { code: r.error.code }) };
      },
    });
    try {
      const at = (path: string, body: string) => fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': 'tok' }, body });
      const ok = await at('api/portfolio:list', '{}');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true, value: { channel: 'portfolio:list' } });
      const bad = await at('api/portfolio:get', '{"req":{"id":7}}');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'validation' } });
      expect(seen).toEqual(['portfolio:list', 'portfolio:get']);
    } finally {
      await h.close();
    }
  });
});
