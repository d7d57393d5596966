import { afterEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { openDatabase, type Store } from '../db/index';
import { tempDbPath } from '../db/test-helpers';
import { createStorageService, storageRequestSchemas } from './storage-service';
import { STORAGE_CHANNELS } from '../../shared/ipc/storage-contract';
import { toIpcError } from './service-errors';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });
function fresh(): Store {
  const t = tempDbPath();
  const s = openDatabase(t.path);
  cleanups.push(() => { s.close(); t.cleanup(); });
  return s;
}

/** A fresh store with the demo portfolio and market imported through a storage service over the real engine. */
async function demoImported() {
  const { marginEngine } = await import('./margin-engine');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const store = fresh();
  const svc = createStorageService(store, marginEngine);
  const demo = (f: string) => readFileSync(join(__dirname, 'demo', f), 'utf8');
  const pf = svc['portfolio:import']({ text: demo('demo-portfolio.json'), format: 'json' });
  expect(pf.status).toBe('written');
  const mk = svc['document:import']({ kind: 'market', text: demo('demo-market.json'), name: 'demo' });
  return { store, svc, pf, mk, method: marginEngine.methods()[0]!.id };
}

describe('storage service', () => {
  it('history, diff, restore and export of a portfolio through JSON-safe DTOs', () => {
    const store = fresh();
    const svc = createStorageService(store);
    const imp = svc['portfolio:import']({ text: 'instrument_name,size\nBTC-PERPETUAL,100\nETH-PERPETUAL,5\n', format: 'deribit', name: 'Book' });
    expect(imp).toMatchObject({ status: 'written', validRows: 2, issues: [] });
    const id = imp.portfolio!.id;
    svc['portfolio:import']({ text: 'instrument_name,size\nBTC-PERPETUAL,200\n', format: 'deribit', portfolioId: id });
    expect(svc['portfolio:history']({ id }).map((h) => h.revision)).toEqual([2, 1]);
    const d = svc['portfolio:diff']({ id, from: 1, to: 2 });
    expect(d.positions.changed[0]).toMatchObject({ old: { size: '100' }, new: { size: '200' } });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
    expect(svc['portfolio:restore']({ id, revision: 1 }).revision).toBe(3);
    const csv = svc['portfolio:export']({ id, format: 'csv' });
    expect(csv).toMatchObject({ fileName: 'Book.csv', mediaType: 'text/csv' });
    expect(csv.text).toContain('BTC-PERPETUAL,100');
  });

  it('bad imports come back as issues; unknown ids as not-found envelopes', () => {
    const store = fresh();
    const svc = createStorageService(store);
    const r = svc['portfolio:import']({ text: 'instrument_name,size\nBTC-PERPETUAL,NaN\n', format: 'deribit', name: 'x' });
    expect(r).toMatchObject({ status: 'rejected', issues: [{ row: 2, column: 'size', code: 'invalid-decimal' }] });
    expect(store.portfolios.list()).toEqual([]);
    let err: unknown;
    try { svc['portfolio:history']({ id: 'nope' }); } catch (e) { err = e; }
    expect(toIpcError(err)).toEqual({ code: 'not-found', message: 'portfolio nope not found' });
  });

  it('documents: import, history, diff, restore, export verbatim', () => {
    const store = fresh();
    const svc = createStorageService(store);
    const text = '{"asOf":"2026-02-15T12:00:00Z","underlyings":{"ETH":{"index":1949.34}}}';
    const a = svc['document:import']({ kind: 'market', text, name: 'eod' });
    expect(a.status).toBe('written');
    svc['document:import']({ kind: 'market', text: text.replace('1949.34', '1950'), id: a.document!.id });
    expect(svc['document:diff']({ kind: 'market', id: a.document!.id, from: 1, to: 2 }).changes).toHaveLength(1);
    expect(svc['document:export']({ kind: 'market', id: a.document!.id, revision: 1 }).text).toBe(text);
    expect(svc['document:list']({ kind: 'market' })).toHaveLength(1);
  });

  it('request schemas accept good requests and reject malformed ones', () => {
    expect(v.safeParse(storageRequestSchemas['portfolio:diff'], { id: 'a', from: 1, to: 2 }).success).toBe(true);
    expect(v.safeParse(storageRequestSchemas['portfolio:diff'], { id: 'a', from: 0, to: 2 }).success).toBe(false);
    expect(v.safeParse(storageRequestSchemas['portfolio:import'], { text: 'x', format: 'csv' }).success).toBe(false);
    expect(v.safeParse(storageRequestSchemas['document:import'], { kind: 'market', text: '{}', extra: 1 }).success).toBe(false);
  });
});

describe('saved runs through the storage service', () => {
  it('pin exact revisions: a re-run after later edits gives the same numbers', async () => {
    const { store, svc, pf, mk, method } = await demoImported();
    const saved = svc['run:save']({ name: 'EOD', method, portfolioId: pf.portfolio!.id, marketId: mk.document!.id });
    expect(saved.portfolio.revision).toBe(1);
    // Later edits do not change what the run pinned.
    const p = store.portfolios.get(pf.portfolio!.id)!;
    store.portfolios.save({ ...p, positions: p.positions.map((x) => ({ ...x, size: `${x.size}0` })) });
    store.marketSnapshots.saveRevision(mk.document!.id, { json: { ...(store.marketSnapshots.get(mk.document!.id)!.json as object), asOf: '2026-11-25T08:00:00Z' } });
    const again = svc['run:rerun']({ id: saved.id });
    expect(again.same).toBe(true);
    expect(again.result).toEqual(store.runs.get(saved.id)!.result);
    // …whereas the latest revisions give different numbers (the test is not vacuous).
    const latest = svc['run:save']({ name: 'now', method, portfolioId: pf.portfolio!.id, marketId: mk.document!.id });
    expect(latest.portfolio.revision).toBe(2);
    expect(JSON.stringify(store.runs.get(latest.id)!.result)).not.toBe(JSON.stringify(store.runs.get(saved.id)!.result));
  });
});

describe('saved runs with a parameter set', () => {
  it('pin the parameter-set revision: a re-run after the set changes gives the same numbers', async () => {
    const { store, svc, pf, mk } = await demoImported();
    const ps = svc['document:import']({ kind: 'parameter-set', text: JSON.stringify({ currency_pair: { btc_usd: { price_range: 0.2 } } }), name: 'range 20' });
    const ids = { portfolioId: pf.portfolio!.id, marketId: mk.document!.id };
    const plain = svc['run:save']({ name: 'default', method: 'deribit-pm', ...ids });
    const wide = svc['run:save']({ name: 'wide', method: 'deribit-pm', ...ids, parameterSetId: ps.document!.id });
    expect(store.runs.get(wide.id)!.parameterSet).toEqual({ id: ps.document!.id, revision: 1 });
    const btcIm = (runId: string) => Number((store.runs.get(runId)!.result as { byCurrency: Record<string, { initialMargin: string }> }).byCurrency['BTC'].initialMargin);
    expect(btcIm(wide.id)).toBeGreaterThan(btcIm(plain.id));
    store.parameterSets.saveRevision(ps.document!.id, { json: { currency_pair: { btc_usd: { price_range: 0.3 } } } });
    expect(svc['run:rerun']({ id: wide.id }).same).toBe(true);
  });
});

describe('storage service coverage', () => {
  it('has a schema and a method for every storage channel', () => {
    const svc = createStorageService(fresh());
    for (const c of STORAGE_CHANNELS) {
      expect(storageRequestSchemas[c]).toBeDefined();
      expect(typeof svc[c]).toBe('function');
    }
    expect(svc['document:list']({ kind: 'market' })).toEqual([]);
  });
});

describe('storage channels end to end through dispatch (schema → service → envelope)', () => {
  it('serve history/diff/export/import and reject malformed requests without throwing', async () => {
    const { openAppService } = await import('./compose');
    const { dispatch } = await import('./dispatch');
    const t = tempDbPath();
    const app = openAppService({ databasePath: t.path, host: 'web', version: 'test' });
    cleanups.push(() => { app.close(); t.cleanup(); });
    const list = await dispatch(app.service, 'portfolio:list', undefined);
    expect(list.ok).toBe(true);
    const demo = (list as { value: { id: string }[] }).value[0];
    const imp = await dispatch(app.service, 'portfolio:import', { text: 'instrument_name,size\nBTC-PERPETUAL,100\n', format: 'deribit', portfolioId: demo.id, mode: 'append' });
    expect(imp).toMatchObject({ ok: true, value: { status: 'written', portfolio: { revision: 2 } } });
    const diff = await dispatch(app.service, 'portfolio:diff', { id: demo.id, from: 1, to: 2 });
    expect(diff).toMatchObject({ ok: true, value: { positions: { added: [{ instrument: 'BTC-PERPETUAL', size: '100' }], removed: [] } } });
    const exp = await dispatch(app.service, 'portfolio:export', { id: demo.id, format: 'json' });
    expect(exp.ok && JSON.parse((exp.value as { text: string }).text).positions.at(-1)).toMatchObject({ instrument: 'BTC-PERPETUAL', size: '100' });
    expect(await dispatch(app.service, 'portfolio:diff', { id: demo.id, from: 0, to: 'x' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await dispatch(app.service, 'portfolio:history', { id: 'missing' })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'portfolio missing not found' } });
    const bad = await dispatch(app.service, 'portfolio:import', { text: 'instrument_name,size\nX,NaN\n', format: 'deribit', portfolioId: demo.id });
    expect(bad).toMatchObject({ ok: true, value: { status: 'rejected', issues: [{ row: 2, column: 'size', code: 'invalid-decimal' }] } });
    expect(await dispatch(app.service, 'portfolio:history', { id: demo.id })).toMatchObject({ ok: true, value: [{ revision: 2 }, { revision: 1 }] });
  });
});
