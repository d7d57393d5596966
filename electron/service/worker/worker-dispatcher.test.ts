/** The service in a worker thread: same envelopes as in process, and a real database underneath. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceWorker, type ServiceWorkerHandle } from './worker-dispatcher';

let worker: ServiceWorkerHandle;
beforeAll(async () => {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'pmdesk-worker-')), 'pmdesk.db');
  worker = await startServiceWorker(new URL('./service-worker.ts', import.meta.url), { databasePath, host: 'web', version: 'test' });
});
afterAll(() => worker.close());

describe('service worker', () => {
  it('answers requests with the envelope, validating in the worker', async () => {
    const list = await worker.dispatch('portfolio:list', undefined);
    expect(list).toMatchObject({ ok: true, value: [{ id: 'demo-book' }] });
    const bad = await worker.dispatch('portfolio:get', { id: 7 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('answers with the envelope\'s JSON text when asked (the web host\'s path): the same envelope, and the code of a refusal', async () => {
    const [obj, text] = await Promise.all([worker.dispatch('portfolio:list', undefined), worker.dispatchJson('portfolio:list', undefined)]);
    expect(text.ok).toBe(true);
    expect(text.code).toBeUndefined();
    expect(JSON.parse(text.json)).toEqual(obj);
    const bad = await worker.dispatchJson('portfolio:get', { id: 7 });
    expect(bad).toMatchObject({ ok: false, code: 'validation' });
    expect(JSON.parse(bad.json)).toEqual(await worker.dispatch('portfolio:get', { id: 7 }));
  });

  it('answers concurrent requests each with its own result', async () => {
    const [a, b] = await Promise.all([worker.dispatch('app:info', undefined), worker.dispatch('market:list', undefined)]);
    expect(a).toMatchObject({ ok: true, value: { host: 'web' } });
    expect(b).toMatchObject({ ok: true, value: [{ name: 'Demo market 2026-11-24' }] });
  });

  it('refuses to start on a database from a newer pmdesk, with the store\'s message and no retry loop', async () => {
    const Database = (await import('better-sqlite3')).default;
    const path = join(mkdtempSync(join(tmpdir(), 'pmdesk-worker-new-')), 'new.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    await expect(startServiceWorker(new URL('./service-worker.ts', import.meta.url), { databasePath: path, host: 'web', version: 'test' }, { log: () => {} }))
      .rejects.toThrow(/schema version 99/);
  });
});
