/**
 * The analysis channels' fast paths against the plain computation, to the last digit, on random
 * books: every margin-heatmap cell equals a fresh `runMargin` on the shifted snapshot (the
 * heatmap's calculator kept across cells, cell-runner.ts), and the payoff's split pricing (the
 * charted underlying over every (price, date), the others once per date) equals the whole book
 * priced over every (price, date) (`payoffCurves(…, { split: false })`), bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runMargin, toMarketView } from '../../engine/margin/registry';
import { parseMarginInput } from '../../engine/margin/margin-input';
import { syntheticMarket } from '../../engine/margin/synthetic-book';
import { DERIBIT_PM_CROSS_ID, DERIBIT_PM_ID } from '../../engine/margin/methods/deribit-pm/id';
import { createAnalysisService } from './analysis-service';
import { marketMovedTo } from './market-shift';
import { payoffCurves } from './payoff';
import { bookOver } from './book-over';
import type { ScenarioSet } from '../../engine/scenarios/scenario-types';

const SYN = syntheticMarket(['BTC', 'ETH', 'SOL'], 40);
/** Every other forward quote dropped: expiries between quotes read interpolated forwards and vols. */
const SPARSE = {
  ...SYN.market,
  underlyings: Object.fromEntries(Object.entries(SYN.market.underlyings).map(([u, d]) => [u, { ...d, forwards: d.forwards.filter((_, i) => i % 2 === 0) }])),
};
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
const MARKETS: Record<string, unknown> = { full: SYN.market, sparse: SPARSE };
const store = {
  marketSnapshots: {
    list: () => [],
    get: (id: string) => (id in MARKETS ? { id, name: id, revision: 1, json: MARKETS[id] } : undefined),
    save: () => ({ id: 'x', revision: 1 }),
  },
  parameterSets: { get: () => undefined },
};
const sut = createAnalysisService(store);

const position = fc.record({
  sym: fc.integer({ min: 0, max: SYMBOLS.length - 1 }),
  size: fc.integer({ min: -5000, max: 5000 }).filter((x) => x !== 0),
});
const bookArb = fc.record({
  rows: fc.array(position, { minLength: 1, maxLength: 30 }),
  btc: fc.integer({ min: 0, max: 50 }),
  eth: fc.integer({ min: -20, max: 200 }),
});
const toPortfolio = (b: { rows: { sym: number; size: number }[]; btc: number; eth: number }) => ({
  id: 'rnd', name: 'random',
  balances: [{ currency: 'BTC', amount: String(b.btc) }, { currency: 'ETH', amount: String(b.eth) }, { currency: 'USDC', amount: '100000' }],
  positions: b.rows.map((r, i) => {
    const s = SYMBOLS[r.sym];
    const usdFuture = !s.includes('_') && (s.endsWith('PERPETUAL') || s.split('-').length === 2);
    return { id: `p${i}`, instrument: s, size: String(usdFuture ? r.size * 10 : r.size / 10) };
  }),
});

describe('analysis:margin-heatmap fast path', () => {
  it('equals a fresh runMargin on the shifted snapshot at every cell, for every method (random books, moves, vol shifts)', () => {
    const methods = [DERIBIT_PM_ID, DERIBIT_PM_CROSS_ID, 'span', 'tims'];
    fc.assert(fc.property(
      bookArb,
      fc.constantFrom('full', 'sparse'),
      fc.array(fc.double({ min: -0.6, max: 0.6, noNaN: true }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.double({ min: -0.7, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 2 }),
      fc.constantFrom(undefined, 'BTC', 'ETH'),
      (b, marketId, moves, volShifts, underlying) => {
        const portfolio = toPortfolio(b);
        // One vol shift per request, as the renderer asks (the book and its calculators kept between).
        const cells = volShifts.flatMap((v) => sut['analysis:margin-heatmap']({ portfolio, marketId, methods, moves: [0, ...moves], volShifts: [v], underlying }).cells);
        expect(cells).toHaveLength(volShifts.length * (moves.length + 1));
        for (const cell of cells) {
          const market = toMarketView(marketMovedTo(MARKETS[marketId], { move: cell.move, volShift: cell.volShift, underlying }));
          for (const m of cell.methods) {
            let want: unknown;
            try {
              const r = runMargin({ methodId: m.methodId, portfolio, snapshot: market, account: false, marginal: false });
              want = { methodId: m.methodId, ok: true, initialMarginUsd: r.totals.initialMarginUsd, maintenanceMarginUsd: r.totals.maintenanceMarginUsd };
            } catch (e) {
              want = { methodId: m.methodId, ok: false, error: (e as Error).message };
            }
            expect(m, `${m.methodId} at move ${cell.move}, vol ${cell.volShift}`).toEqual(want);
          }
        }
      },
    ), { numRuns: 25 });
  });

  it('answers an edited book\'s figures after a request on the previous one (one size changed, same ids)', () => {
    const b = { rows: [{ sym: 0, size: 30 }, { sym: 5, size: -20 }, { sym: SYMBOLS.length - 1, size: 400 }], btc: 1, eth: 0 };
    const ask = (p: ReturnType<typeof toPortfolio>) => sut['analysis:margin-heatmap']({ portfolio: p, marketId: 'full', methods: [DERIBIT_PM_ID], moves: [0.1], volShifts: [0.05] }).cells[0].methods[0];
    const before = ask(toPortfolio(b));
    const edited = toPortfolio({ ...b, rows: [{ sym: 0, size: 31 }, ...b.rows.slice(1)] });
    const after = ask(edited);
    const plain = runMargin({ methodId: DERIBIT_PM_ID, portfolio: edited, snapshot: marketMovedTo(SYN.market, { move: 0.1, volShift: 0.05 }), account: false, marginal: false });
    expect(after).toMatchObject({ ok: true, initialMarginUsd: plain.totals.initialMarginUsd });
    expect(after).not.toEqual(before);
  });

  it('reports an unknown method in every cell, as runMargin does', () => {
    const h = sut['analysis:margin-heatmap']({ portfolio: toPortfolio({ rows: [{ sym: 0, size: 3 }], btc: 0, eth: 0 }), marketId: 'full', methods: ['nope', DERIBIT_PM_ID], moves: [0, 0.1], volShifts: [0] });
    for (const c of h.cells) {
      expect(c.methods[0]).toMatchObject({ ok: false, error: expect.stringMatching(/unknown margin method "nope"/) });
      expect(c.methods[1]).toMatchObject({ ok: true });
    }
  });
});

describe('analysis:payoff split pricing', () => {
  it('equals the whole book priced over every (price, date), bit for bit (random books, ranges, dates)', () => {
    fc.assert(fc.property(
      bookArb,
      fc.constantFrom('full', 'sparse'),
      fc.constantFrom('BTC', 'ETH', 'SOL'),
      fc.double({ min: -0.9, max: -0.01, noNaN: true }),
      fc.double({ min: 0.01, max: 1.5, noNaN: true }),
      fc.integer({ min: 2, max: 25 }),
      fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
      (b, marketId, u, lowerMove, upperMove, points, customDays) => {
        const input = parseMarginInput(toPortfolio(b));
        if (!input.positions.some((p) => p.inst.underlying === u)) return;
        const market = toMarketView(MARKETS[marketId]);
        const dates = customDays === undefined ? undefined : [new Date(market.asOfMs + customDays * 86_400_000).toISOString()];
        const req = { portfolio: toPortfolio(b), marketId, underlying: u, lowerMove, upperMove, points, dates };
        const fast = payoffCurves(market, input, req);
        const full = payoffCurves(market, input, req, { split: false });
        expect(fast).toEqual(full);
        for (let c = 0; c < full.curves.length; c++) {
          for (let i = 0; i < points; i++) expect(Object.is(fast.curves[c].pnlUsd[i], full.curves[c].pnlUsd[i])).toBe(true);
        }
      },
    ), { numRuns: 60 });
  });
});

describe('bookOver in bulk', () => {
  it('gives every group the vector of the position-by-position build, bit for bit (random books, both currencies, time-shifted sets)', () => {
    fc.assert(fc.property(
      bookArb,
      fc.constantFrom('full', 'sparse'),
      fc.constantFrom<'settlement' | 'usd'>('settlement', 'usd'),
      fc.array(fc.record({ move: fc.double({ min: -0.8, max: 1, noNaN: true }), days: fc.constantFrom(0, 1, 3, 10, 45, 400) }), { minLength: 1, maxLength: 12 }),
      (b, marketId, currency, shocks) => {
        const input = parseMarginInput(toPortfolio(b));
        const market = toMarketView(MARKETS[marketId]);
        const set: ScenarioSet = { id: 's', name: 's', version: '1', smile: 'sticky-strike', scenarios: shocks.map((s, i) => ({ id: `s${i}`, label: `s${i}`, table: 'custom', timeShiftDays: s.days, shocks: {}, defaultShock: { move: s.move, vol: { kind: 'none' } } })) };
        const how = { currency, collateralRows: currency === 'usd' ? (c: string) => c !== 'USDC' : undefined };
        // The same positions in an array not known to hold distinct ids: entered one `set` at a time.
        const plain = bookOver(set, market, { ...input, positions: [...input.positions] }, how).book.groups();
        const bulk = bookOver(set, market, input, how).book.groups();
        expect(bulk.map((g) => g.key)).toEqual(plain.map((g) => g.key));
        bulk.forEach((g, k) => { for (let s = 0; s < set.scenarios.length; s++) expect(Object.is(g.vector[s], plain[k].vector[s])).toBe(true); });
      },
    ), { numRuns: 60 });
  });
});
