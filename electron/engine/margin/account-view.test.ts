/**
 * The account view's root searches (distance to liquidation / to the IM line) against
 * straightforward reference implementations kept here:
 * - `slowView`: the same search re-building the whole sub-book from its positions at every probe
 *   (the engine before probes were prepared) — results must be identical to the last bit;
 * - `referenceRoots`: the textbook search on the whole book (every position, full revaluation at
 *   each probe, no decomposition, no memo, bisection) — roots must agree to the search
 *   tolerance, and the whole book's value must change sign within 1e-6 of each root;
 * - the root refinement itself against its contract on model functions (smooth, kinked, stepped,
 *   several crossings, NaN), with the points it evaluated as the witness.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarketSnapshot } from '../market-data';
import type { MarketView } from '../scenarios/market-view';
import { accountView, equityByCurrency, equityEvaluator, firstRoot, nearestRoot, refineRoot, ROOT_TOLERANCE, shiftedMarket } from './account-view';
import { currencyParams, resolveDeribitPmParams, USD_LIKE } from './methods/deribit-pm/deribit-params';
import { parseMarginInput, type MarginInput, type PortfolioLike } from './margin-input';
import { runMargin } from './registry';
import { buildPm } from './methods/deribit-pm/run-deribit-pm';
import { syntheticMarket, syntheticPositions } from './synthetic-book';

const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 60);
const market = parseMarketSnapshot(syn.market);
const params = resolveDeribitPmParams();

const DOWN = [-0.01, -0.02, -0.05, -0.1, -0.15, -0.2, -0.3, -0.4, -0.5, -0.6, -0.7, -0.8, -0.9, -0.95];
const UP = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5];

/** Books with roots on both sides, none, and at 0 (already below MM). */
const books: Record<string, PortfolioLike> = {
  shortVol: {
    name: 'short strangles, thin collateral',
    balances: [{ currency: 'BTC', amount: '40' }, { currency: 'ETH', amount: '60' }, { currency: 'USDC', amount: '400000' }],
    positions: [
      { id: 'a', instrument: syn.options.find((s) => s.startsWith('BTC-') && s.endsWith('-C'))!, size: '-20' },
      { id: 'b', instrument: syn.options.find((s) => s.startsWith('BTC-') && s.endsWith('-P'))!, size: '-15' },
      { id: 'c', instrument: 'BTC-PERPETUAL', size: '-250000' },
      { id: 'd', instrument: syn.options.find((s) => s.startsWith('ETH-') && s.endsWith('-P'))!, size: '-120' },
      { id: 'e', instrument: 'ETH-PERPETUAL', size: '150000' },
      { id: 'f', instrument: syn.options.find((s) => s.startsWith('SOL_USDC-'))!, size: '-900' },
      { id: 'g', instrument: syn.deltaOne.find((s) => s.startsWith('BTC-'))!, size: '120000', averagePrice: '97000' },
    ],
  },
  synthetic: {
    name: 'synthetic 240',
    balances: [{ currency: 'BTC', amount: '30' }, { currency: 'ETH', amount: '300' }, { currency: 'SOL', amount: '500' }, { currency: 'USDC', amount: '60000' }],
    positions: syntheticPositions([...syn.options, ...syn.deltaOne], 240, 5),
  },
};

/** Margins per currency of a book at a market, built from its positions (float64). */
function margins(m: MarketView, book: MarginInput, mode: 'segregated' | 'cross') {
  const out = new Map<string, { im: number; mm: number }>();
  for (const c of buildPm(m, params, book, mode).compute().currencies) out.set(c.currency, { im: c.im.toNumber(), mm: c.mm.toNumber() });
  return out;
}

/** The account view re-building each sub-book from its positions at every probe (no prepared probe). */
function slowView(input: MarginInput, perCurrency = false) {
  return accountView(market, input, (mk, b) => margins(mk, b, 'segregated'), { usdDecimals: params.pmdesk.usdDecimals, coinDecimals: params.pmdesk.coinDecimals, perCurrency });
}

/**
 * Textbook search: per (currency, underlying), equity − MM (or − IM) of the whole book at the
 * market shifted by `move`, scanned over the grid away from 0 and bisected to 1e-6; nearest side.
 */
function referenceRoots(input: MarginInput) {
  const at = (u: string, c: string, move: number) => {
    const mk = shiftedMarket(market, u, move);
    const mg = margins(mk, input, 'segregated').get(c) ?? { im: 0, mm: 0 };
    const eq = equityByCurrency(mk, input).get(c) ?? 0;
    return { toMm: eq - mg.mm, toIm: eq - mg.im };
  };
  const search = (f: (m: number) => number, grid: number[]) => {
    if (f(0) < 0) return 0;
    let prev = 0;
    for (const m of grid) {
      if (f(m) < 0) {
        let lo = prev, hi = m;
        while (Math.abs(hi - lo) > 1e-6) { const mid = 0.5 * (lo + hi); if (f(mid) < 0) hi = mid; else lo = mid; }
        return hi;
      }
      prev = m;
    }
    return null;
  };
  const nearest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.abs(a) <= Math.abs(b) ? a : b);
  const pairs = [...new Set(input.positions.map((p) => `${p.inst.settlementCurrency.toUpperCase()}|${p.inst.underlying}`))].sort();
  return pairs.map((key) => {
    const [c, u] = key.split('|');
    const mm = (m: number) => at(u, c, m).toMm, im = (m: number) => at(u, c, m).toIm;
    return { underlying: u, currency: c, toMaintenance: nearest(search(mm, DOWN), search(mm, UP)), toInitial: nearest(search(im, DOWN), search(im, UP)), mm, im };
  });
}

describe('account view root searches', () => {
  for (const [name, portfolio] of Object.entries(books)) {
    const input = parseMarginInput(portfolio);
    const fast = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: market, account: true, marginal: false }).account!;

    it(`${name}: prepared probes give exactly the roots of re-building the sub-book at every probe`, () => {
      // The run narrows large sub-books to one currency (perCurrency); the slow view does not.
      expect(fast).toEqual(slowView(input));
      expect(slowView(input, true)).toEqual(fast);
    });

    it(`${name}: roots agree with a textbook whole-book search to the search tolerance`, () => {
      const ref = referenceRoots(input);
      expect(fast.liquidation.map((l) => [l.underlying, l.currency])).toEqual(ref.map((r) => [r.underlying, r.currency]));
      fast.liquidation.forEach((l, i) => {
        for (const k of ['toMaintenance', 'toInitial'] as const) {
          const a = l[k]?.move ?? null, b = ref[i][k];
          expect(a === null, `${l.underlying}/${l.currency} ${k}`).toBe(b === null);
          if (a !== null && b !== null) expect(Math.abs(a - b), `${l.underlying}/${l.currency} ${k}`).toBeLessThanOrEqual(2e-6);
          // Independent check on the whole book: negative at the root, not negative 1e-6 nearer to 0.
          const f = k === 'toMaintenance' ? ref[i].mm : ref[i].im;
          if (a !== null && a !== 0) {
            expect(f(a), `${l.underlying}/${l.currency} ${k} at the root`).toBeLessThan(0);
            expect(f(a - Math.sign(a) * ROOT_TOLERANCE), `${l.underlying}/${l.currency} ${k} 1e-6 nearer`).toBeGreaterThanOrEqual(0);
          }
          if (a === 0) expect(f(0)).toBeLessThan(0);
        }
      });
    });
  }

  it('the books exercise roots on both sides and books without one', () => {
    const moves = Object.values(books).flatMap((p) => runMargin({ methodId: 'deribit-pm', portfolio: p, snapshot: market, account: true, marginal: false }).account!.liquidation)
      .flatMap((l) => [l.toMaintenance?.move ?? null, l.toInitial?.move ?? null]);
    expect(moves.some((m) => m !== null && m < 0)).toBe(true);
    expect(moves.some((m) => m !== null && m > 0)).toBe(true);
    expect(moves.some((m) => m === null)).toBe(true);
  });

  it('cross mode: prepared probes equal re-building at every probe', () => {
    const portfolio = books.shortVol;
    const input = parseMarginInput(portfolio);
    const fast = runMargin({ methodId: 'deribit-pm-cross', portfolio, snapshot: market, account: true, marginal: false }).account!;
    // The cross run's own search with the default (re-building) probe: same equity and margins callbacks.
    const crossMargins = (mk: MarketView, b: MarginInput) => margins(mk, b, 'cross');
    const crossEquity = (mk: MarketView, b: MarginInput) => {
      let usd = 0;
      for (const [c, e] of equityByCurrency(mk, b)) {
        const rate = USD_LIKE.has(c) || c === 'USD' ? 1 : mk.index(c);
        usd += e * rate * (1 - currencyParams(params, c).haircut);
      }
      return new Map([['USD', usd]]);
    };
    const slow = accountView(market, input, crossMargins, { cross: true, equityAt: crossEquity, usdDecimals: params.pmdesk.usdDecimals, coinDecimals: params.pmdesk.coinDecimals });
    expect(fast.liquidation).toEqual(slow.liquidation);
  });

  it('marginNumbers (exact bigint rounding) equals compute()\'s decimal.js IM/MM as numbers at shifted markets', () => {
    for (const p of [params, resolveDeribitPmParams({ general: { mm_factor: 0.7654321 } }), resolveDeribitPmParams({ pmdesk: { usdDecimals: 2, coinDecimals: 4 } })]) {
      for (const [name, portfolio] of Object.entries(books)) {
        for (const mode of ['segregated', 'cross'] as const) {
          const pm0 = buildPm(market, p, parseMarginInput(portfolio), mode);
          for (const u of ['BTC', 'ETH', 'SOL']) {
            for (const move of [-0.95, -0.5, -0.123456789, 0, 0.01, 0.3, 1.7, 5]) {
              const pm = pm0.atMarket(shiftedMarket(market, u, move));
              const want = new Map(pm.compute().currencies.map((c) => [c.currency, { im: c.im.toNumber(), mm: c.mm.toNumber() }]));
              expect(pm.marginNumbers(), `${name} ${mode} ${u} ${move}`).toEqual(want);
            }
          }
        }
      }
    }
  });

  it('equity from re-priced rows: option unit values of segregated rows at a shifted market equal equityByCurrency there', () => {
    const input = parseMarginInput(books.synthetic);
    for (const u of ['BTC', 'ETH', 'SOL']) {
      const book: MarginInput = { positions: input.positions.filter((p) => p.inst.underlying === u), balances: new Map() };
      const pm0 = buildPm(market, params, book, 'segregated');
      const ev = equityEvaluator(book);
      const rows = ev.options.map((i) => pm0.arrays.rowIndex(i.symbol));
      expect(rows.every((r) => r >= 0)).toBe(true);
      for (const move of [-0.95, -0.5, -0.123456789, 0, 0.01, 0.3, 1.7, 5]) {
        const mk = shiftedMarket(market, u, move);
        const at = pm0.atShift(mk, u, 1 + move);
        const want = equityByCurrency(mk, book);
        expect(ev(mk), `${u} ${move}`).toEqual(want);
        expect(ev(mk, rows.map((r) => at.arrays.bases[r].value)), `${u} ${move} from rows`).toEqual(want);
      }
    }
    // The whole book at the base market from the build's own rows (the run's base equity).
    const pm = buildPm(market, params, input, 'segregated');
    const ev = equityEvaluator(input);
    expect(ev(market, ev.options.map((i) => pm.arrays.bases[pm.arrays.rowIndex(i.symbol)].value))).toEqual(equityByCurrency(market, input));
  });

  it('positions sharing instrument objects or each holding its own copy give the same view', () => {
    // accountView keys pairs and sub-books per instrument object; a copy per position must not change them.
    for (const portfolio of Object.values(books)) {
      const input = parseMarginInput(portfolio);
      const copies: MarginInput = { positions: input.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p)) as typeof p, p, { inst: { ...p.inst } })), balances: input.balances };
      for (const perCurrency of [false, true]) expect(slowView(copies, perCurrency)).toEqual(slowView(input, perCurrency));
    }
  });
});

/** `f` with every evaluation recorded. */
function logged(f: (m: number) => number) {
  const log = new Map<number, number>();
  return { log, f: (m: number) => { const v = f(m); log.set(m, v); return v; } };
}

/**
 * The refinement contract, witnessed by the evaluations made: `x` is negative, and some evaluated
 * point between `a` and `x`, at most 1e-6 from `x`, is not negative.
 */
function expectRefined(log: Map<number, number>, a: number, x: number) {
  expect(log.get(x)! < 0, `f(${x}) < 0`).toBe(true);
  const witness = [...log].some(([y, v]) => !(v < 0) && (y - a) * (x - y) >= 0 && Math.abs(x - y) <= ROOT_TOLERANCE);
  expect(witness, `a non-negative point within 1e-6 of ${x} towards ${a}`).toBe(true);
}

describe('root refinement', () => {
  it('firstRoot: refined to 1e-6 inside the first bracket', () => {
    for (const [f, grid, r] of [
      [(m: number) => 0.09 - m * m, [0.1, 0.2, 0.5], 0.3],
      [(m: number) => 0.09 - m * m, [-0.1, -0.2, -0.5], -0.3],
      [(m: number) => 0.3 - m, [0.1, 0.2, 0.5], 0.3],
    ] as const) {
      const x = firstRoot(f, [...grid])!;
      expect(f(x)).toBeLessThan(0);
      expect(f(x - Math.sign(r) * ROOT_TOLERANCE)).toBeGreaterThanOrEqual(0);
      expect(Math.abs(x - r)).toBeLessThanOrEqual(ROOT_TOLERANCE);
    }
    expect(firstRoot((m) => 1 + m, [-0.5, -0.9])).toBeNull();
    expect(firstRoot((m) => -1 - m, [0.5])).toBe(0);
  });

  it('refineRoot meets its contract on smooth, kinked, stepped, oscillating, discontinuous and NaN functions', () => {
    // t > 0 between 0 and the crossing r, t < 0 beyond it (on r's side).
    const shapes: ((t: number, s: number, m: number) => number)[] = [
      (t, s) => s * t,
      (t, s) => s * t * (1 + 10 * t * t),
      (t, s) => (t > 0 ? s * t : 0.01 * s * t),
      (t, s) => Math.round(1e4 * s * t) / 1e4,
      (t, s, m) => 0.5 * Math.cos(40 * m) + s * t,
      (t, s) => (t > 0 && t < 1e-3 ? NaN : s * t),
      (t) => (t > 0 ? 1 : -1),
    ];
    fc.assert(fc.property(
      fc.integer({ min: 0, max: shapes.length - 1 }), fc.double({ min: 0.011, max: 4.9, noNaN: true }), fc.double({ min: 1e-3, max: 1e6, noNaN: true }), fc.boolean(),
      (k, r0, s, down) => {
        const r = down ? -Math.min(r0, 0.94) : r0;
        const { log, f } = logged((m) => shapes[k]((r - m) * Math.sign(r), s, m));
        const a = 0, b = down ? -0.95 : 5;
        if (!(f(a) >= 0) || !(f(b) < 0)) return;
        expectRefined(log, a, refineRoot(f, a, b));
      },
    ), { numRuns: 1000 });
  });

  it('refineRoot uses far fewer evaluations than bisection on smooth functions', () => {
    let n = 0;
    const f = (m: number) => { n++; return 1.3e6 * (0.36549 - m) - 2e5 * (m - 0.3) ** 2; };
    const x = refineRoot(f, 0.3, 0.5);
    expect(Math.abs(f(x))).toBeLessThan(1.3e6 * ROOT_TOLERANCE);
    expect(n).toBeLessThanOrEqual(9); // bisection: 2 + 18
  });

  it('nearestRoot equals the nearer of the two sides\' roots, skipping what cannot change it', () => {
    const DN = [-0.01, -0.02, -0.05, -0.1, -0.15, -0.2, -0.3, -0.4, -0.5, -0.6, -0.7, -0.8, -0.9, -0.95];
    const UPG = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5];
    fc.assert(fc.property(
      fc.option(fc.double({ min: -0.95, max: -0.001, noNaN: true }), { nil: null }), fc.option(fc.double({ min: 0.001, max: 5, noNaN: true }), { nil: null }),
      (rd, ru) => {
        // Negative beyond rd (down) and beyond ru (up), not negative in between.
        const g = (m: number) => ((rd !== null && m <= rd) || (ru !== null && m >= ru) ? -1 - Math.abs(m) : 1 + 0.1 * m);
        const { log, f } = logged(g);
        const x = nearestRoot(f, DN, UPG);
        const want = rd === null ? ru : ru === null ? rd : Math.abs(rd) <= Math.abs(ru) ? rd : ru;
        if (want === null) { expect(x).toBeNull(); return; }
        expect(x).not.toBeNull();
        // Sides within the tolerance of a tie may go either way (refined values are compared).
        const tie = rd !== null && ru !== null && Math.abs(Math.abs(rd) - Math.abs(ru)) <= 2 * ROOT_TOLERANCE;
        const near = (r: number | null) => r !== null && Math.abs(x! - r) <= ROOT_TOLERANCE;
        expect(tie ? near(rd) || near(ru) : near(want), `${x} vs ${rd}, ${ru}`).toBe(true);
        expectRefined(log, 0, x!);
      },
    ), { numRuns: 300 });
    // A root near 0 on the up side: the down side stops after the same magnitudes.
    const { log, f } = logged((m) => (m >= 0.015 ? -1 : 1));
    expect(Math.abs(nearestRoot(f, DN, UPG)! - 0.015)).toBeLessThanOrEqual(ROOT_TOLERANCE);
    expect([...log.keys()].filter((m) => m < 0)).toEqual([-0.01, -0.02]);
  });
});
