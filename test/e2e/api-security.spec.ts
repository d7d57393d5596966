/**
 * The HTTP face of the service: every channel validates its request (clear error, host keeps
 * running); calls without the token, from another origin, or to a foreign Host are refused.
 */
import { expect, test } from '@playwright/test';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { startHost, tempDatabase, type HostProcess } from './host';

const TOKEN = 'e2e-token-0123456789';
let host: HostProcess;

test.beforeAll(async () => {
  host = await startHost(tempDatabase(), TOKEN);
});
test.afterAll(async () => {
  await host.kill();
});

const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pmdesk-token': TOKEN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

test('a malformed request on every channel gets a validation error and the host keeps running', async () => {
  for (const channel of INVOKE_CHANNELS) {
    const res = await call(channel, { req: { bogus: [1, 2, 3], id: 42 } });
    expect(res.status, channel).toBe(400);
    const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok, channel).toBe(false);
    expect(body.error.code, channel).toBe('validation');
    expect(body.error.message, channel).toContain(`invalid ${channel} request`);
  }
  const bad = await call('portfolio:list', '{not json');
  expect(bad.status).toBe(400);
  const ok = await call('portfolio:list', {});
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as { ok: boolean }).ok).toBe(true);
  expect(host.child.exitCode).toBeNull();
});

test('a call without the token is refused', async () => {
  const res = await fetch(`${host.url}api/portfolio:list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(401);
  const wrong = await call('portfolio:list', {}, { 'x-pmdesk-token': 'guess' });
  expect(wrong.status).toBe(401);
});

test('a call from another origin is refused, even with the token', async () => {
  const res = await call('portfolio:list', {}, { origin: 'http://evil.example' });
  expect(res.status).toBe(403);
});

test('a cross-site browser request is refused', async ({ page }) => {
  // A page on another origin (a second host port) tries to call the API: the browser sends its Origin.
  const other = await startHost(tempDatabase());
  try {
    await page.goto(other.url);
    const status = await page.evaluate(async ([url, token]) => {
      try {
        const r = await fetch(`${url}api/portfolio:list`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': token }, body: '{}' });
        return r.status;
      } catch {
        return -1; // blocked by CORS: no Access-Control-Allow-Origin
      }
    }, [host.url, TOKEN] as const);
    expect([403, -1]).toContain(status);
  } finally {
    await other.kill();
  }
});

test('an unknown channel and a GET on the API are refused', async () => {
  expect((await call('fs:read', {})).status).toBe(404);
  expect((await fetch(`${host.url}api/portfolio:list`)).status).toBe(405);
});

test('a foreign Host header is refused (DNS rebinding)', async () => {
  const { request } = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: `evil.example:${host.port}` } }, (res) => resolve(res.statusCode ?? 0));
    req.on('error', reject);
    req.end();
  });
  expect(status).toBe(403);
});
