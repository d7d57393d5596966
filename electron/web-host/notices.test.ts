/**
 * The web host tells the browser when the service worker restarted (issue 14 §7): the restart
 * Electron main pushes as `shell:notice` reaches a tab through the host's `shell:notices` long
 * poll, with the same message, and the next call is served by the new worker.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startServiceWorker } from '../service/worker/worker-dispatcher';
import { webHostRequestSchemas } from '../../shared/ipc/shell-contract';
import { prng } from '../engine/margin/synthetic-book';
import { fuzzCase } from '../../test/fuzz/schema-cases';
import { NoticeBoard } from './notice-board';
import { startWebHost } from './server';
import { webHostHooks } from './worker-hooks';

const CRASHING_WORKER = new URL('../service/worker/crash-test-worker.ts', import.meta.url);

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-notices-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<html><head></head></html>');
  return dir;
}

describe('NoticeBoard', () => {
  it('starts a listener at the current seq, answers a waiting poll on push, and times out empty', async () => {
    const b = new NoticeBoard();
    b.push('before the tab opened');
    expect(await b.next()).toEqual({ seq: 1, notices: [] });
    const waiting = b.next(1, 5_000);
    b.push('restarted');
    expect(await waiting).toEqual({ seq: 2, notices: [{ message: 'restarted' }] });
    expect(await b.next(2, 20)).toEqual({ seq: 2, notices: [] });
    expect(await b.next(0)).toEqual({ seq: 2, notices: [{ message: 'before the tab opened' }, { message: 'restarted' }] });
  });
});

describe('web host: service worker restart notice', () => {
  it('a crash of the worker is printed and reaches a long-polling tab as the shell:notice message', async () => {
    const printed: string[] = [];
    const notices = new NoticeBoard();
    const worker = await startServiceWorker(CRASHING_WORKER, { databasePath: join(mkdtempSync(join(tmpdir(), 'pmdesk-notices-db-')), 'pmdesk.db'), host: 'web', version: 'test' }, webHostHooks(notices, (m) => printed.push(m)));
    const host = await startWebHost({ dispatch: worker.dispatch, notices, rendererDir: rendererDir(), token: 'tok', log: () => {} });
    const call = async (channel: string, req: unknown) => {
      const res = await fetch(`${host.url}api/${encodeURIComponent(channel)}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': 'tok' }, body: JSON.stringify({ req }) });
      return { status: res.status, body: (await res.json()) as { ok: boolean; value?: { seq: number; notices: { message: string }[] }; error?: { code: string; message: string } } };
    };
    try {
      const start = await call('shell:notices', {});
      expect(start.body).toEqual({ ok: true, value: { seq: 0, notices: [] } });
      const poll = call('shell:notices', { afterSeq: 0, waitMs: 20_000 });
      expect((await call('test:crash', undefined)).body).toMatchObject({ ok: false, error: { code: 'internal' } });
      const got = await poll;
      expect(got.body.value!.notices).toEqual([{ message: expect.stringMatching(/^pmdesk's service stopped on an internal error .* and was restarted; every accepted edit is kept/) }]);
      expect(printed).toContainEqual(`[service-worker] ${got.body.value!.notices[0]!.message}`);
      expect((await call('app:info', undefined)).body).toMatchObject({ ok: true });
    } finally {
      await host.close();
      await worker.close();
    }
  }, 30_000);

  it('refuses every malformed shell:notices request with a validation envelope naming the item (schema-generated fuzz)', async () => {
    const host = await startWebHost({ dispatch: vi.fn(), rendererDir: rendererDir(), token: 'tok', log: () => {} });
    const r = prng(14_2026);
    const cases = Number(process.env['PMDESK_FUZZ_CASES'] ?? 200);
    let refused = 0;
    try {
      for (let i = 0; i < cases; i++) {
        const c = fuzzCase(webHostRequestSchemas['shell:notices'] as never, r, { waitMs: () => 0 });
        const res = await fetch(`${host.url}api/shell:notices`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': 'tok' }, body: JSON.stringify({ req: c.payload }) });
        const body = (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
        if (c.schemaRefuses) {
          expect(body, JSON.stringify(c)).toMatchObject({ ok: false, error: { code: 'validation' } });
          if (c.path) expect(body.error!.message).toContain(c.path.split('.')[0]);
          refused++;
        } else expect(body.ok, JSON.stringify(c)).toBe(true);
      }
    } finally {
      await host.close();
    }
    console.log(`shell:notices fuzz (seed ${14_2026}): ${cases} cases tried, ${refused} refused`);
    expect(refused).toBeGreaterThan(0);
  }, 60_000 + Number(process.env['PMDESK_FUZZ_CASES'] ?? 200) * 20); // more time for the soak's 10,000 cases (not a speed assertion)
});
