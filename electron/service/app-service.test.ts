/**
 * The service over a real temporary SQLite file: first start seeds the demo book and snapshot;
 * saves create revisions; bad requests are refused through `dispatch` with nothing written.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppService } from './compose';
import { DEMO_PORTFOLIO_ID, demoPortfolioDto } from './demo-data';
import { dispatch, type AppService } from './dispatch';

let close: (() => void) | undefined;
afterEach(() => close?.());

function open(path = join(mkdtempSync(join(tmpdir(), 'pmdesk-svc-')), 'pmdesk.db')): { service: AppService; path: string } {
  const app = openAppService({ databasePath: path, host: 'web', version: 'test' });
  close = app.close;
  return { service: app.service, path };
}

describe('app service', () => {
  it('seeds the demo book and snapshot once, on first start', async () => {
    const { service, path } = open();
    const list = await service['portfolio:list'](undefined);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: DEMO_PORTFOLIO_ID, revision: 1, positionCount: demoPortfolioDto().positions.length });
    expect(await service['market:list'](undefined)).toHaveLength(1);
    close!();
    const again = open(path);
    expect(await again.service['portfolio:list'](undefined)).toHaveLength(1);
  });

  it('saves an edit as a new revision and reads it back exactly', async () => {
    const { service } = open();
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    p.positions[0] = { ...p.positions[0], size: '-25.000000000000000001' };
    const saved = await service['portfolio:save']({ portfolio: p, note: 'edit' });
    expect(saved.revision).toBe(2);
    const back = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    expect(back.positions[0].size).toBe('-25.000000000000000001');
    expect((await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID, revision: 1 })).positions[0].size).toBe('-25');
  });

  it('refuses malformed requests with named fields and writes nothing', async () => {
    const { service } = open();
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const bad = { portfolio: { ...p, positions: [{ ...p.positions[0], size: 'NaN' }] } };
    const r = await dispatch(service, 'portfolio:save', bad);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation');
      expect(r.error.issues?.[0].path).toBe('portfolio.positions.0.size');
    }
    expect((await service['portfolio:list'](undefined))[0].revision).toBe(1);
  });

  it('refuses to save a book with a symbol that does not parse, naming the row, and writes nothing', async () => {
    const { service } = open();
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    p.positions[4] = { ...p.positions[4], instrument: 'BTC-XX' };
    const r = await dispatch(service, 'portfolio:save', { portfolio: p });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', issues: [{ path: 'portfolio.positions.4.instrument' }] } });
    expect((await service['portfolio:list'](undefined))[0].revision).toBe(1);
  });

  it('refuses a save based on a stale revision with a conflict, writing nothing', async () => {
    const { service } = open();
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    expect((await service['portfolio:save']({ portfolio: p, baseRevision: 1 })).revision).toBe(2);
    const stale = await dispatch(service, 'portfolio:save', { portfolio: p, baseRevision: 1 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await service['portfolio:list'](undefined))[0].revision).toBe(2);
  });

  it('answers an unknown id with not-found and an unknown method with a per-method error', async () => {
    const { service } = open();
    const r = await dispatch(service, 'portfolio:get', { id: 'nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const markets = await service['market:list'](undefined);
    const run = await service['margin:run']({ portfolio: p, marketId: markets[0].id, methods: ['no-such-method'] });
    expect(run.outcomes).toEqual([{ methodId: 'no-such-method', ok: false, error: 'unknown method "no-such-method"' }]);
  });

  it('margin:run with detailFor explains that method only; the others carry the same figures, summary only', async () => {
    const { service } = open();
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const marketId = (await service['market:list'](undefined))[0].id;
    const methods = ['deribit-pm', 'deribit-pm-cross', 'deribit-sm', 'linear-shock'];
    const full = await service['margin:run']({ portfolio: p, marketId, methods });
    const lean = await service['margin:run']({ portfolio: p, marketId, methods, detailFor: 'deribit-sm', accountFor: 'deribit-sm' });
    for (const [i, o] of lean.outcomes.entries()) {
      const f = full.outcomes[i];
      if (!o.ok || !f.ok) throw new Error(`${o.methodId} failed`);
      expect(o.result.totals, o.methodId).toEqual(f.result.totals);
      for (const [ccy, c] of Object.entries(o.result.byCurrency)) {
        const fc = f.result.byCurrency[ccy];
        expect([c.initialMargin, c.maintenanceMargin, c.initialMarginUsd, c.addOns, c.bindingScenario]).toEqual([fc.initialMargin, fc.maintenanceMargin, fc.initialMarginUsd, fc.addOns, fc.bindingScenario]);
        if (o.methodId === 'deribit-sm') expect(c.contributions).toEqual(fc.contributions);
        else expect([c.vector, c.groups, c.contributions, c.underlyings]).toEqual([[], [], [], []]);
      }
      expect(o.result.summary, o.methodId).toBe(o.methodId === 'deribit-sm' ? undefined : true);
      expect(o.result.account === undefined, o.methodId).toBe(o.methodId !== 'deribit-sm');
      if (o.methodId === 'deribit-pm') expect(f.result.byCurrency.BTC.contributions.length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(lean).length).toBeLessThan(JSON.stringify(full).length / 2);
  });

  it('prices a what-if trade without changing the book, and ranks hedges', async () => {
    const { service } = open();
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const marketId = (await service['market:list'](undefined))[0].id;
    const trade = { instrument: 'BTC-25DEC26-100000-C', size: '-10' };
    const [pm] = await service['margin:what-if']({ portfolio: p, marketId, methods: ['deribit-pm'], trades: [trade] });
    // Selling more of the book's biggest short call can only raise its BTC IM.
    expect(Number(pm.incremental.byCurrency['BTC'].initialMargin)).toBeGreaterThan(0);
    expect((await service['portfolio:list'](undefined))[0].revision).toBe(1);
    const ranked = await service['margin:hedge']({ portfolio: p, marketId, method: 'deribit-pm', candidates: [trade, { instrument: 'BTC-25DEC26-100000-C', size: '10' }] });
    expect(ranked[0].trade.size).toBe('10');
    const bad = await dispatch(service, 'margin:what-if', { portfolio: p, marketId, methods: ['nope'], trades: [trade] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', message: 'unknown margin method "nope"' } });
  });

  it('runs a method with a stored parameter set: a wider BTC price range raises BTC IM', async () => {
    const app = openAppService({ databasePath: join(mkdtempSync(join(tmpdir(), 'pmdesk-svc-')), 'pmdesk.db'), host: 'web', version: 'test' });
    close = app.close;
    const { service } = app;
    const p = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const marketId = (await service['market:list'](undefined))[0].id;
    const imported = await service['document:import']({
      kind: 'parameter-set',
      name: 'BTC range 30%',
      text: JSON.stringify({ currency_pair: { btc_usd: { price_range: 0.3 } } }),
    });
    expect(imported.status).toBe('written');
    const base = await service['margin:run']({ portfolio: p, marketId, methods: ['deribit-pm'] });
    const wide = await service['margin:run']({ portfolio: p, marketId, methods: ['deribit-pm'], parameterSets: { 'deribit-pm': imported.document!.id } });
    const im = (r: typeof base) => (r.outcomes[0].ok ? Number(r.outcomes[0].result.byCurrency['BTC'].initialMargin) : NaN);
    expect(im(wide)).toBeGreaterThan(im(base));
    const missing = await dispatch(service, 'margin:run', { portfolio: p, marketId, methods: ['deribit-pm'], parameterSets: { 'deribit-pm': 'nope' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: 'parameter set nope not found' } });
  });
});
