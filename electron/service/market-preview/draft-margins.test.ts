/**
 * `market:draft-margin` through the service on a real SQLite file: over random chains of editor
 * edits (a vol cell, a whole expiry's smile shifted, a forward, an index, a strike removed) each
 * incremental answer equals `margin:run` on the same snapshot once stored, to the last digit
 * (per-currency IM/MM in coin and USD, add-ons, binding scenario, totals), under both Deribit-style
 * modes; a vol cell edit re-prices only part of the book; a changed book or detail method is priced
 * whole; a bad snapshot is refused naming the item.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from '../../db/index';
import { tempDbPath } from '../../db/test-helpers';
import { createAppService } from '../app-service';
import { dispatch, type AppService } from '../dispatch';
import { createMarginEngine } from '../margin-engine';
import { createStorageService } from '../storage-service';
import { createWorkspaceService } from '../workspace/workspace-service';
import { syntheticMarket, syntheticPositions } from '../../engine/margin/synthetic-book';
import { summarizeMarginResult } from '../margin-summary';
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length > 0) cleanups.pop()!(); });

type Snap = ReturnType<typeof syntheticMarket>['market'];
const BOOK = 'draft-book';

async function setup(): Promise<{ s: AppService; store: Store; base: Snap; marketId: string }> {
  const t = tempDbPath('pmdesk-draft-margin-');
  const store = openDatabase(t.path);
  cleanups.push(t.cleanup, () => store.close());
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 80);
  const { id: marketId } = store.marketSnapshots.save('synthetic', syn.market);
  const engine = createMarginEngine();
  const workspace = createWorkspaceService(store, engine, { autosaveMs: 0, deferAboveMs: Number.MAX_SAFE_INTEGER });
  const s = createAppService({ store, engine, storage: createStorageService(store, engine), workspace, host: 'web', version: 'test', databasePath: t.path });
  const positions = [...syntheticPositions(syn.options, 1500), ...syn.deltaOne.map((sym, i) => ({ id: `d${i}`, instrument: sym, size: i % 2 === 0 ? '1000' : '-2' }))];
  const balances = [{ currency: 'BTC', amount: '25' }, { currency: 'ETH', amount: '300' }, { currency: 'USDC', amount: '500000' }];
  await s['portfolio:save']({ portfolio: { id: BOOK, name: 'draft book', balances, positions } });
  await s['session:open']({ portfolioId: BOOK, marketId });
  return { s, store, base: syn.market, marketId };
}

type Edit =
  | { kind: 'vol'; u: string; i: number; vol: number }
  | { kind: 'smile'; u: string; e: number; pts: number }
  | { kind: 'forward'; u: string; i: number; factor: number }
  | { kind: 'index'; u: string; factor: number }
  | { kind: 'drop-strike'; u: string; i: number };

const U = fc.constantFrom('BTC', 'ETH', 'SOL');
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('vol' as const), u: U, i: fc.nat(200), vol: fc.double({ min: 0.1, max: 2, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('smile' as const), u: U, e: fc.nat(9), pts: fc.double({ min: -0.1, max: 0.3, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('forward' as const), u: U, i: fc.nat(9), factor: fc.double({ min: 0.95, max: 1.05, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('index' as const), u: U, factor: fc.double({ min: 0.9, max: 1.1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop-strike' as const), u: U, i: fc.nat(200) }) },
);

function apply(j: Snap, e: Edit): void {
  const m = j.underlyings[e.u];
  if (e.kind === 'vol') m.vols[e.i % m.vols.length].vol = e.vol;
  else if (e.kind === 'forward') m.forwards[e.i % m.forwards.length].price *= e.factor;
  else if (e.kind === 'index') m.index *= e.factor;
  else if (e.kind === 'drop-strike') { if (m.vols.length > 20) m.vols.splice(e.i % m.vols.length, 1); }
  else {
    const ex = [...new Set(m.vols.map((v) => v.expiry))].sort()[e.e % 10];
    for (const q of m.vols) if (q.expiry === ex) q.vol = Math.max(0.05, q.vol + e.pts);
  }
}

/** The figures a draft margin carries, of a result. */
const figures = (r: MarginResultDto) => { const x = summarizeMarginResult(r); return { byCurrency: x.byCurrency, totals: x.totals }; };

async function fresh(s: AppService, store: Store, methodId: string, j: Snap): Promise<ReturnType<typeof figures>> {
  const { id } = store.marketSnapshots.save(`edited ${Math.random()}`, structuredClone(j));
  const portfolio = await s['portfolio:get']({ id: BOOK });
  const r = await s['margin:run']({ portfolio, marketId: id, methods: [methodId], accountFor: methodId });
  const o = r.outcomes[0];
  if (!o.ok) throw new Error(o.error);
  return figures(o.result);
}

describe('market:draft-margin', () => {
  for (const methodId of ['deribit-pm', 'deribit-pm-cross']) {
    it(`${methodId}: every answer over random edit chains equals margin:run on the stored snapshot`, async () => {
      const { s, store, base } = await setup();
      await s['session:context']({ sessionId: BOOK, detailFor: methodId, shown: [methodId] });
      let run = 0;
      await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 2, maxLength: 6 }), async (edits) => {
        const draftId = `d${run++}`;
        const j = structuredClone(base);
        const first = await s['market:draft-margin']({ sessionId: BOOK, draftId, snapshotText: JSON.stringify(j) });
        expect(first.full).toBe(true);
        for (const e of edits) {
          apply(j, e);
          const r = await s['market:draft-margin']({ sessionId: BOOK, draftId, snapshotText: JSON.stringify(j) });
          expect(r.full).toBe(false);
          expect(r.methodId).toBe(methodId);
          expect({ byCurrency: r.result.byCurrency, totals: r.result.totals }, JSON.stringify(edits)).toEqual(await fresh(s, store, methodId, j));
        }
      }), { numRuns: 12 });
    }, 120_000);
  }

  it('a vol cell edit re-prices only the options that read the edited smile; the IM moves', async () => {
    const { s, base } = await setup();
    const j = structuredClone(base);
    const a = await s['market:draft-margin']({ sessionId: BOOK, draftId: 'x', snapshotText: JSON.stringify(j) });
    const btc = j.underlyings.BTC;
    const ex = [...new Set(btc.vols.map((v) => v.expiry))].sort()[4];
    const atm = btc.vols.filter((v) => v.expiry === ex).sort((p, q) => Math.abs(p.strike - btc.index) - Math.abs(q.strike - btc.index))[0];
    atm.vol += 0.2;
    const b = await s['market:draft-margin']({ sessionId: BOOK, draftId: 'x', snapshotText: JSON.stringify(j) });
    expect(b.step).toBe(2);
    expect(b.repriced).toBeGreaterThan(0);
    expect(b.repriced).toBeLessThan(a.instruments / 4);
    expect(b.result.totals).not.toEqual(a.result.totals);
  });

  it('a grid edit (new book) or another detail method prices the whole book again', async () => {
    const { s, base } = await setup();
    const text = JSON.stringify(base);
    await s['market:draft-margin']({ sessionId: BOOK, draftId: 'y', snapshotText: text });
    expect((await s['market:draft-margin']({ sessionId: BOOK, draftId: 'y', snapshotText: text })).repriced).toBe(0);
    const open = await s['session:open']({ portfolioId: BOOK });
    const p = await s['session:patch']({ sessionId: BOOK, version: open.state.version, seq: 1, ops: [{ op: 'set', id: 'p0', field: 'size', value: '7' }] });
    expect(p.kind).toBe('applied');
    expect((await s['market:draft-margin']({ sessionId: BOOK, draftId: 'y', snapshotText: text })).full).toBe(true);
    await s['session:context']({ sessionId: BOOK, detailFor: 'deribit-sm', shown: ['deribit-sm'] });
    const sm = await s['market:draft-margin']({ sessionId: BOOK, draftId: 'y', snapshotText: text });
    expect(sm.full).toBe(true);
    expect(sm.methodId).toBe('deribit-sm');
  });

  it('refuses a bad snapshot naming the item, and an unknown session', async () => {
    const { s, base } = await setup();
    const j = structuredClone(base);
    j.underlyings.ETH.vols[3].vol = -1;
    const r = await dispatch(s, 'market:draft-margin', { sessionId: BOOK, draftId: 'z', snapshotText: JSON.stringify(j) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/underlyings\.ETH\.vols\[3\]\.vol/);
    const n = await dispatch(s, 'market:draft-margin', { sessionId: 'nope', draftId: 'z', snapshotText: JSON.stringify(base) });
    expect(n.ok).toBe(false);
    if (!n.ok) expect(n.error.message).toMatch(/not found/);
    const bad = await dispatch(s, 'market:draft-margin', { sessionId: BOOK, draftId: '', snapshotText: '{}' });
    expect(bad.ok).toBe(false);
  });
});
