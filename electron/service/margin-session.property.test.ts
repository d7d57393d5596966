/**
 * Incremental sessions (margin-session.ts) return exactly what a fresh `runMargin` returns:
 * random edit sequences on a synthetic book (size and instrument changes, appends, removals,
 * inserts and moves, balance changes, bad input), both `deribit-pm` and `deribit-pm-cross`,
 * with and without the account view and marginal margins — the JSON of every result (explanation,
 * marginal margins, account view) deep-equal, and errors with the same message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortfolioDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { runMargin } from '../engine/margin/registry';
import { syntheticMarket, syntheticPositions } from '../engine/margin/synthetic-book';
import { summarizeMarginResult } from '../engine/margin/result-summary';
import { MarginSessionCache } from './margin-session';

const SYN = syntheticMarket(['BTC', 'ETH'], 40);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
// Low delta-shock thresholds so the delta shock is active in random books.
const PARAMS = {
  currency: { btc: { pnl_offset: 0.4, max_offsetable_pnl: 1e6 } },
  currency_pair: { btc_usd: { delta_total_liq_shock_threshold: 1000, m_inc: 0.01 }, eth_usd: { delta_total_liq_shock_threshold: 100, m_inc: 0.01 } },
};

type Edit =
  | { kind: 'size'; at: number; size: string }
  | { kind: 'instrument'; at: number; sym: number }
  | { kind: 'append'; sym: number; size: string }
  | { kind: 'remove'; at: number }
  | { kind: 'insert'; at: number; sym: number; size: string }
  | { kind: 'move'; at: number; to: number }
  | { kind: 'balance'; ccy: 'BTC' | 'ETH' | 'USDC'; amount: string }
  | { kind: 'bad'; at: number; what: 'size' | 'instrument' | 'duplicate' }
  | { kind: 'avg'; at: number; price: number }
  | { kind: 'spot'; ccy: 'BTC' | 'ETH'; size: string }
  | { kind: 'none' };

const sizeArb = fc.integer({ min: -2000, max: 2000 }).map((n) => (n === 0 ? '0' : (n / 10).toString()));
const at = fc.nat({ max: 1000 });
const sym = fc.nat({ max: SYMBOLS.length - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('size' as const), at, size: sizeArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('instrument' as const), at, sym }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('append' as const), sym, size: sizeArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, sym, size: sizeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), at, to: at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('balance' as const), ccy: fc.constantFrom('BTC' as const, 'ETH' as const, 'USDC' as const), amount: sizeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad' as const), at, what: fc.constantFrom('size' as const, 'instrument' as const, 'duplicate' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('avg' as const), at, price: fc.integer({ min: 100, max: 120_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('spot' as const), ccy: fc.constantFrom('BTC' as const, 'ETH' as const), size: sizeArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
);

let nextId = 0;
function apply(p: PortfolioDto, e: Edit): PortfolioDto {
  const ps = [...p.positions];
  const n = ps.length;
  const newRow = (s: number, size: string): PositionDto => ({ id: `n${nextId++}`, instrument: SYMBOLS[s], size });
  switch (e.kind) {
    case 'size': if (n) ps[e.at % n] = { ...ps[e.at % n], size: e.size }; break;
    case 'instrument': if (n) ps[e.at % n] = { ...ps[e.at % n], instrument: SYMBOLS[e.sym] }; break;
    case 'append': ps.push(newRow(e.sym, e.size)); break;
    case 'remove': if (n) ps.splice(e.at % n, 1); break;
    case 'insert': ps.splice(e.at % (n + 1), 0, newRow(e.sym, e.size)); break;
    case 'move': if (n) { const [r] = ps.splice(e.at % n, 1); ps.splice(e.to % n, 0, r); } break;
    case 'balance': {
      const balances = p.balances.filter((b) => b.currency !== e.ccy);
      return { ...p, balances: [...balances, { currency: e.ccy, amount: e.amount }] };
    }
    case 'bad':
      if (!n) break;
      if (e.what === 'size') ps[e.at % n] = { ...ps[e.at % n], size: '1.2.3' };
      else if (e.what === 'instrument') ps[e.at % n] = { ...ps[e.at % n], instrument: 'BTC-NOPE' };
      else ps.push({ ...ps[e.at % n], size: '1' });
      break;
    case 'avg': if (n) ps[e.at % n] = { ...ps[e.at % n], averagePrice: String(e.price) }; break;
    case 'spot': ps.push({ id: `n${nextId++}`, instrument: e.ccy, size: e.size }); break; // folded into balances
    case 'none': break;
  }
  return { ...p, positions: ps };
}

/** The result as the service sends it (JSON), or the error's message. */
function outcome(f: () => unknown): unknown {
  try { return { ok: JSON.parse(JSON.stringify(f())) }; } catch (e) { return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }; }
}

const startBook = (size: number, seed: number): PortfolioDto => ({
  id: `book-${seed}`, name: 'synthetic',
  balances: [{ currency: 'BTC', amount: '3.5' }, { currency: 'USDC', amount: '100000' }],
  // Every third row with an average price (futures and perpetuals then carry unrealised P&L in equity).
  positions: syntheticPositions(SYMBOLS, size, seed).map((p, i) => (i % 3 === 0 ? { ...p, averagePrice: String(1000 + 37 * i) } : p)),
});

type MarketEdit =
  | { kind: 'vol'; u: 'BTC' | 'ETH'; at: number; bump: number }
  | { kind: 'forward'; u: 'BTC' | 'ETH'; at: number; bump: number }
  | { kind: 'index'; u: 'BTC' | 'ETH'; bump: number };
const marketEdit: fc.Arbitrary<MarketEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('vol' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), at: fc.nat(200), bump: fc.integer({ min: -20, max: 40 }).filter((b) => b !== 0) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('forward' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), at: fc.nat(20), bump: fc.integer({ min: -30, max: 30 }).filter((b) => b !== 0) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('index' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), bump: fc.integer({ min: -30, max: 30 }).filter((b) => b !== 0) }) },
);
type MarketJson = { asOf: string; underlyings: Record<string, { index: number; forwards: { expiry: string; price: number }[]; vols: { expiry: string; strike: number; vol: number }[] }> };
function editMarket(m: MarketJson, e: MarketEdit): MarketJson {
  const out = structuredClone(m);
  const u = out.underlyings[e.u];
  if (e.kind === 'vol') { const q = u.vols[e.at % u.vols.length]; q.vol *= 1 + e.bump / 100; }
  else if (e.kind === 'forward') { const f = u.forwards[e.at % u.forwards.length]; f.price *= 1 + e.bump / 1000; }
  else u.index *= 1 + e.bump / 1000;
  return out;
}

describe('margin sessions', () => {
  it('the same book at an edited market (vol cell, forward, index) takes over the untouched rows and gives exactly the fresh result', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.array(marketEdit, { minLength: 1, maxLength: 4 }), fc.boolean(), (seed, edits, cross) => {
        const methodId = cross ? 'deribit-pm-cross' : 'deribit-pm';
        const cache = new MarginSessionCache();
        const book = startBook(120, seed);
        let market = SYN.market as unknown as MarketJson;
        cache.run({ methodId, portfolio: book, snapshotJson: market, params: PARAMS, account: false, marginal: true });
        for (const e of edits) {
          market = editMarket(market, e);
          const fresh = outcome(() => runMargin({ methodId, portfolio: book, snapshot: market, params: PARAMS, account: true, marginal: true }));
          const mine = outcome(() => cache.run({ methodId, portfolio: book, snapshotJson: structuredClone(market), params: PARAMS, account: true, marginal: true }));
          expect(mine).toEqual(fresh);
        }
        expect(cache.stats.reusedMarkets).toBe(edits.length);
      }),
      { numRuns: 25 },
    );
  });

  it('edit sequences give exactly the fresh result (explanation, marginal margins, account view)', () => {
    const cache = new MarginSessionCache(4);
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 30 }), fc.nat(), fc.constantFrom('deribit-pm', 'deribit-pm-cross'), fc.boolean(), fc.boolean(),
      fc.array(fc.record({ edit, account: fc.boolean(), marginal: fc.boolean(), summary: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      (size, seed, methodId, withParams, account0, steps) => {
        let book = startBook(size, seed);
        const params = withParams ? PARAMS : undefined;
        // A summary (figures only, built without the explanation) equals the summary of the fresh result.
        const run = (b: PortfolioDto, account: boolean, marginal: boolean, summary = false) => {
          const fresh = outcome(() => {
            const r = runMargin({ methodId, portfolio: b, snapshot: SYN.market, params, account, marginal });
            return summary ? summarizeMarginResult(r) : r;
          });
          // A new snapshot object each run, as the store returns: identity by fingerprint.
          const mine = outcome(() => cache.run({ methodId, portfolio: b, snapshotJson: structuredClone(SYN.market), params, account, marginal, summary }));
          expect(mine).toEqual(fresh);
        };
        run(book, account0, true);
        for (const s of steps) {
          book = apply(book, s.edit);
          run(book, s.account, s.marginal, s.summary);
        }
      },
    ), { numRuns: 60 });
    // The incremental path was taken (not only rebuilds).
    expect(cache.stats.hits).toBeGreaterThan(50);
    expect(cache.size).toBeLessThanOrEqual(4);
  });

  it('both methods on one cache, run in turn on each book (the diff and parse of an edit shared between their sessions), one of them now and then a step behind: each equals its fresh run', () => {
    const cache = new MarginSessionCache(4);
    const methods = ['deribit-pm', 'deribit-pm-cross'];
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 24 }), fc.nat(),
      fc.array(fc.record({ edit, summary: fc.boolean(), marginal: fc.boolean(), skip: fc.nat({ max: 2 }) }), { minLength: 1, maxLength: 8 }),
      (size, seed, steps) => {
        let book = startBook(size, seed);
        const runAll = (summary: boolean, marginal: boolean, skip: number) => {
          methods.forEach((methodId, i) => {
            if (i === skip) return;
            const fresh = outcome(() => {
              const r = runMargin({ methodId, portfolio: book, snapshot: SYN.market, account: false, marginal });
              return summary ? summarizeMarginResult(r) : r;
            });
            const mine = outcome(() => cache.run({ methodId, portfolio: book, snapshotJson: SYN.market, account: false, marginal, summary, snapshotKey: 'syn', paramsKey: 'd' }));
            expect(mine).toEqual(fresh);
          });
        };
        runAll(false, true, -1);
        for (const s of steps) {
          book = apply(book, s.edit);
          runAll(s.summary, s.marginal, s.skip);
        }
      },
    ), { numRuns: 40 });
    expect(cache.stats.hits).toBeGreaterThan(40);
  });

  it('large books (account view per settlement currency): edits on one currency of an underlying, and narrowing changes, give exactly the fresh result', () => {
    // 64+ positions on an underlying narrow its segregated sub-books to one settlement currency
    // (coin or USDC): the session keeps one probe per (currency, underlying) and must drop exactly
    // the touched ones — an edit on BTC_USDC leaves the BTC coin sub-book's probe kept, and a
    // trim or growth across the threshold switches between the whole-underlying and narrowed keys.
    const cache = new MarginSessionCache(2);
    const onUnderlying = (u: 'BTC' | 'ETH', usdc: boolean) => SYMBOLS.filter((x) => x.startsWith(usdc ? `${u}_USDC-` : `${u}-`));
    const uArb = fc.constantFrom('BTC' as const, 'ETH' as const);
    type Big =
      | { kind: 'one'; u: 'BTC' | 'ETH'; usdc: boolean; k: number; size: string }
      | { kind: 'switch'; u: 'BTC' | 'ETH'; usdc: boolean; k: number; sym: number }
      | { kind: 'trim'; u: 'BTC' | 'ETH'; keep: number }
      | { kind: 'grow'; u: 'BTC' | 'ETH'; usdc: boolean; n: number; sym: number }
      | { kind: 'other'; edit: Edit };
    const big: fc.Arbitrary<Big> = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('one' as const), u: uArb, usdc: fc.boolean(), k: at, size: sizeArb }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('switch' as const), u: uArb, usdc: fc.boolean(), k: at, sym: at }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('trim' as const), u: uArb, keep: fc.integer({ min: 40, max: 90 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('grow' as const), u: uArb, usdc: fc.boolean(), n: fc.integer({ min: 1, max: 30 }), sym: at }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('other' as const), edit }) },
      // Balances: in cross mode the coin's sub-book holds its balance (collateral row).
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('other' as const), edit: fc.record({ kind: fc.constant('balance' as const), ccy: fc.constantFrom('BTC' as const, 'ETH' as const, 'USDC' as const), amount: sizeArb }) }) },
    );
    const applyBig = (p: PortfolioDto, e: Big): PortfolioDto => {
      if (e.kind === 'other') return apply(p, e.edit);
      const ps = [...p.positions];
      const symbolsOf = (usdc: boolean) => onUnderlying(e.u, usdc);
      const where = (usdc: boolean) => ps.flatMap((x, i) => (symbolsOf(usdc).includes(x.instrument as string) ? [i] : []));
      if (e.kind === 'one' || e.kind === 'switch') {
        const idx = where(e.usdc);
        if (!idx.length) return p;
        const i = idx[e.k % idx.length];
        // A switch moves the position to the other settlement currency of the same underlying.
        const other = symbolsOf(!e.usdc);
        ps[i] = e.kind === 'one' ? { ...ps[i], size: e.size } : { ...ps[i], instrument: other[e.sym % other.length] };
      } else if (e.kind === 'trim') {
        let seen = 0;
        return { ...p, positions: ps.filter((x) => !(x.instrument as string).startsWith(e.u) || ++seen <= e.keep) };
      } else {
        const list = symbolsOf(e.usdc);
        for (let j = 0; j < e.n; j++) ps.push({ id: `n${nextId++}`, instrument: list[(e.sym + 7 * j) % list.length], size: `${(j % 9) - 4}.5` });
      }
      return { ...p, positions: ps };
    };
    fc.assert(fc.property(
      fc.integer({ min: 130, max: 220 }), fc.nat(), fc.constantFrom('deribit-pm', 'deribit-pm-cross'),
      fc.array(fc.record({ edit: big, marginal: fc.boolean() }), { minLength: 2, maxLength: 6 }),
      (size, seed, methodId, steps) => {
        let book = startBook(size, seed);
        const run = (b: PortfolioDto, marginal: boolean) => {
          const fresh = outcome(() => runMargin({ methodId, portfolio: b, snapshot: SYN.market, params: PARAMS, account: true, marginal }));
          const mine = outcome(() => cache.run({ methodId, portfolio: b, snapshotJson: SYN.market, params: PARAMS, account: true, marginal, snapshotKey: 'syn', paramsKey: 'p' }));
          expect(mine).toEqual(fresh);
        };
        run(book, false);
        for (const s of steps) {
          book = applyBig(book, s.edit);
          run(book, s.marginal);
        }
      },
    ), { numRuns: 25 });
    expect(cache.stats.hits).toBeGreaterThan(40);
  });

  it('a size edit on a larger book is a hit and equals the fresh run', () => {
    const cache = new MarginSessionCache(2);
    let book = startBook(400, 11);
    const key = { snapshotKey: 'syn@1', paramsKey: 'default' };
    for (let k = 0; k < 5; k++) {
      book = { ...book, positions: book.positions.map((p, i) => (i === 17 * k ? { ...p, size: `${k + 1}.25` } : p)) };
      const fresh = runMargin({ methodId: 'deribit-pm', portfolio: book, snapshot: SYN.market, account: k % 2 === 0, marginal: true });
      const mine = cache.run({ methodId: 'deribit-pm', portfolio: book, snapshotJson: SYN.market, account: k % 2 === 0, marginal: true, ...key });
      expect(JSON.parse(JSON.stringify(mine))).toEqual(JSON.parse(JSON.stringify(fresh)));
    }
    expect(cache.stats).toEqual({ hits: 4, misses: 1, rebuilds: 0, reusedMarkets: 0 });
  });

  it('cross mode: a position whose id looks like a collateral row is served fresh, equal', () => {
    const cache = new MarginSessionCache(2);
    let book = startBook(6, 3);
    book = { ...book, positions: [...book.positions, { id: 'balance:BTC', instrument: SYMBOLS[0], size: '2' }] };
    for (const size of ['2', '3', '-1']) {
      book = { ...book, positions: book.positions.map((p) => (p.id === 'balance:BTC' ? { ...p, size } : p)) };
      const run = (f: () => unknown) => outcome(f);
      expect(run(() => cache.run({ methodId: 'deribit-pm-cross', portfolio: book, snapshotJson: SYN.market, account: true, marginal: true })))
        .toEqual(run(() => runMargin({ methodId: 'deribit-pm-cross', portfolio: book, snapshot: SYN.market, account: true, marginal: true })));
    }
    expect(cache.size).toBe(0);
  });

  it('keeps at most `capacity` sessions (least recently used dropped)', () => {
    const cache = new MarginSessionCache(2);
    const run = (id: string) => cache.run({ methodId: 'deribit-pm', portfolio: { ...startBook(5, 1), id }, snapshotJson: SYN.market, account: false, marginal: false, snapshotKey: 's', paramsKey: 'p' });
    run('a'); run('b'); run('a'); run('c');
    expect(cache.size).toBe(2);
    run('a');
    expect(cache.stats.hits).toBe(2); // a (2nd), a (4th): b was dropped when c arrived
    run('b');
    expect(cache.stats.misses).toBe(4);
  });
});
