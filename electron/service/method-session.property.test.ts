/**
 * The generic incremental sessions (method-session.ts, `MarginMethod.session`) return exactly what
 * a fresh `runMargin` returns, for every method that has a session (taken from the registry, no id
 * written here): random edit sequences on a synthetic book (size and instrument changes, appends,
 * removals, inserts and moves, balance changes, spot rows, bad input), with and without the
 * account view and marginal margins — the JSON of every result deep-equal, errors with the same message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortfolioDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { MARGIN_METHODS, runMargin } from '../engine/margin/registry';
import { syntheticMarket, syntheticPositions } from '../engine/margin/synthetic-book';
import { createMarginEngine } from './margin-engine';
import { MethodSessionCache } from './method-session';
import { summarizeMarginResult } from '../engine/margin/result-summary';

const SYN = syntheticMarket(['BTC', 'ETH'], 40);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
const SESSION_METHODS = Object.values(MARGIN_METHODS).filter((m) => m.session !== undefined).map((m) => m.id);

type Edit =
  | { kind: 'size'; at: number; size: string }
  | { kind: 'instrument'; at: number; sym: number }
  | { kind: 'append'; sym: number; size: string }
  | { kind: 'remove'; at: number }
  | { kind: 'insert'; at: number; sym: number; size: string }
  | { kind: 'move'; at: number; to: number }
  | { kind: 'balance'; amount: string }
  | { kind: 'bad'; at: number; what: 'size' | 'instrument' | 'duplicate' }
  | { kind: 'spot'; size: string }
  | { kind: 'none' };

const sizeArb = fc.integer({ min: -2000, max: 2000 }).map((n) => (n === 0 ? '0' : (n / 10).toString()));
const at = fc.nat({ max: 1000 });
const sym = fc.nat({ max: SYMBOLS.length - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('size' as const), at, size: sizeArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('instrument' as const), at, sym }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('append' as const), sym, size: sizeArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, sym, size: sizeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), at, to: at }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('balance' as const), amount: sizeArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad' as const), at, what: fc.constantFrom('size' as const, 'instrument' as const, 'duplicate' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('spot' as const), size: sizeArb }) },
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
    case 'balance': return { ...p, balances: [...p.balances.filter((b) => b.currency !== 'USDC'), { currency: 'USDC', amount: e.amount }] };
    case 'bad':
      if (!n) break;
      if (e.what === 'size') ps[e.at % n] = { ...ps[e.at % n], size: '1.2.3' };
      else if (e.what === 'instrument') ps[e.at % n] = { ...ps[e.at % n], instrument: 'BTC-NOPE' };
      else ps.push({ ...ps[e.at % n], size: '1' });
      break;
    case 'spot': ps.push({ id: `n${nextId++}`, instrument: 'BTC', size: e.size }); break; // folded into balances
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
  positions: syntheticPositions(SYMBOLS, size, seed),
});

describe('generic method sessions', () => {
  it('some methods have a session', () => {
    expect(SESSION_METHODS.length).toBeGreaterThanOrEqual(2);
  });

  it('every method on one cache, run in turn on each book (the diff and parse of an edit shared between their sessions): each equals its fresh run', () => {
    const cache = new MethodSessionCache(2 * SESSION_METHODS.length);
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 24 }), fc.nat(),
      fc.array(fc.record({ edit, summary: fc.boolean(), skip: fc.nat({ max: SESSION_METHODS.length }) }), { minLength: 1, maxLength: 6 }),
      (size, seed, steps) => {
        let book = startBook(size, seed);
        const runAll = (summary: boolean, skip: number) => {
          // One method skipped per book now and then: its session then lags the others by a step.
          for (const [i, methodId] of SESSION_METHODS.entries()) {
            if (i === skip) continue;
            const fresh = outcome(() => {
              const r = runMargin({ methodId, portfolio: book, snapshot: SYN.market, account: false, marginal: !summary });
              return summary ? summarizeMarginResult(r) : r;
            });
            const mine = outcome(() => cache.run({ methodId, portfolio: book, snapshotJson: SYN.market, account: false, marginal: !summary, summary, snapshotKey: 'syn', paramsKey: 'd' }));
            expect(mine).toEqual(fresh);
          }
        };
        runAll(false, -1);
        for (const s of steps) {
          book = apply(book, s.edit);
          runAll(s.summary, s.skip);
        }
      },
    ), { numRuns: 15 });
    expect(cache.stats.hits).toBeGreaterThan(30);
  }, 240_000);

  it('every method on a book whose groups span several summation blocks (group-sum.ts: an edit re-sums one block): size edits, zeroed sizes, removals and appends equal the fresh run', () => {
    // 150 options per underlying: groups of up to ~110 instruments, so four blocks of 32 terms.
    const big = syntheticMarket(['BTC', 'ETH'], 150);
    const symbols = [...big.options, ...big.deltaOne];
    const engine = createMarginEngine();
    let book: PortfolioDto = { id: 'blocks', name: 'blocks', balances: [{ currency: 'BTC', amount: '2' }], positions: syntheticPositions(symbols, 420, 11) };
    const ids = Object.keys(MARGIN_METHODS);
    for (let k = 0; k < 8; k++) {
      if (k > 0) {
        const at = (97 * k) % book.positions.length;
        const ps = [...book.positions];
        if (k % 4 === 3) ps.splice(at, 1);
        else if (k % 4 === 2) ps.push({ id: `b${k}`, instrument: symbols[(31 * k) % symbols.length], size: '-1.5' });
        else ps[at] = { ...ps[at], size: k % 2 === 0 ? '0' : `${k}.125` };
        book = { ...book, positions: ps };
      }
      for (const methodId of ids) {
        const summary = k % 2 === 1;
        const fresh = outcome(() => { const r = runMargin({ methodId, portfolio: book, snapshot: big.market, account: false, marginal: false }); return summary ? summarizeMarginResult(r) : r; });
        const mine = outcome(() => engine.run(methodId, book, big.market, { account: false, marginal: false, summary, snapshotKey: 'big@1', paramsKey: 'default' }));
        expect(mine, `${methodId} after edit ${k}`).toEqual(fresh);
      }
    }
    expect(engine.methodSessions!.stats.hits).toBeGreaterThan(20);
  }, 240_000);

  for (const methodId of SESSION_METHODS) {
    it(`${methodId}: edit sequences give exactly the fresh result (explanation, marginal margins, account view)`, () => {
      const cache = new MethodSessionCache(4);
      fc.assert(fc.property(
        fc.integer({ min: 1, max: 30 }), fc.nat(),
        fc.array(fc.record({ edit, account: fc.boolean(), marginal: fc.boolean(), summary: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        (size, seed, steps) => {
          let book = startBook(size, seed);
          // A summary (figures only; a session may build it without the explanation) equals the summary of the fresh result.
          const run = (b: PortfolioDto, account: boolean, marginal: boolean, summary = false) => {
            const fresh = outcome(() => {
              const r = runMargin({ methodId, portfolio: b, snapshot: SYN.market, account, marginal });
              return summary ? summarizeMarginResult(r) : r;
            });
            // A new snapshot object each run, as the store returns: identity by fingerprint.
            const mine = outcome(() => cache.run({ methodId, portfolio: b, snapshotJson: structuredClone(SYN.market), account, marginal, summary }));
            expect(mine).toEqual(fresh);
          };
          run(book, false, true);
          for (const s of steps) {
            book = apply(book, s.edit);
            run(book, s.account, s.marginal, s.summary);
          }
        },
      ), { numRuns: 20 });
      // The incremental path was taken (not only rebuilds).
      expect(cache.stats.hits).toBeGreaterThan(20);
      expect(cache.size).toBeLessThanOrEqual(4);
    }, 240_000);

    it(`${methodId}: an instrument dropped and held again (its row would now come last in a fresh build) equals the fresh run`, () => {
      const cache = new MethodSessionCache(2);
      fc.assert(fc.property(fc.integer({ min: 6, max: 40 }), fc.nat(), fc.nat(), fc.integer({ min: -40, max: 40 }), (n, seed, pick, size) => {
        let book = startBook(n, seed);
        const run = () => {
          const fresh = outcome(() => runMargin({ methodId, portfolio: book, snapshot: SYN.market, account: false, marginal: false }));
          const mine = outcome(() => cache.run({ methodId, portfolio: book, snapshotJson: SYN.market, account: false, marginal: false, snapshotKey: 'syn', paramsKey: 'd' }));
          expect(mine).toEqual(fresh);
        };
        run();
        const symbol = book.positions[pick % book.positions.length].instrument;
        book = { ...book, positions: book.positions.filter((p) => p.instrument !== symbol) };
        run();
        book = { ...book, positions: [...book.positions, { id: `n${nextId++}`, instrument: symbol, size: String(size / 8) }] };
        run();
      }), { numRuns: 60 });
    }, 240_000);

    it(`${methodId}: size edits on a book whose instruments are each held by several positions (per-instrument sums in book order) equal the fresh run`, () => {
      const cache = new MethodSessionCache(2);
      const pool = [...SYN.options.slice(0, 4), ...SYN.deltaOne.slice(0, 2)];
      fc.assert(fc.property(
        fc.integer({ min: 3, max: 40 }), fc.nat(),
        fc.array(fc.record({ at, size: sizeArb, marginal: fc.boolean(), summary: fc.boolean() }), { minLength: 1, maxLength: 10 }),
        (n, seed, steps) => {
          let book: PortfolioDto = { id: `rep-${seed}`, name: 'repeated', balances: [], positions: syntheticPositions(pool, n, seed) };
          const run = (marginal: boolean, summary = false) => {
            const fresh = outcome(() => {
              const r = runMargin({ methodId, portfolio: book, snapshot: SYN.market, account: false, marginal });
              return summary ? summarizeMarginResult(r) : r;
            });
            const mine = outcome(() => cache.run({ methodId, portfolio: book, snapshotJson: SYN.market, account: false, marginal, summary, snapshotKey: 'syn', paramsKey: 'd' }));
            expect(mine).toEqual(fresh);
          };
          run(false);
          for (const s of steps) {
            book = { ...book, positions: book.positions.map((p, i) => (i === s.at % n ? { ...p, size: s.size } : p)) };
            run(s.marginal, s.summary);
          }
        },
      ), { numRuns: 40 });
      expect(cache.stats.hits).toBeGreaterThan(40);
    }, 240_000);

    it(`${methodId}: size edits and appends on a larger book are hits equal to the fresh run; bad parameters give the fresh error`, () => {
      const engine = createMarginEngine();
      let book = startBook(300, 7);
      for (let k = 0; k < 6; k++) {
        book = k % 3 === 2
          ? { ...book, positions: [...book.positions, { id: `a${k}`, instrument: SYMBOLS[(13 * k) % SYMBOLS.length], size: '-2' }] }
          : { ...book, positions: book.positions.map((p, i) => (i === 17 * k ? { ...p, size: `${k + 1}.25` } : p)) };
        const fresh = runMargin({ methodId, portfolio: book, snapshot: SYN.market, account: false, marginal: false });
        const mine = engine.run(methodId, book, SYN.market, { account: false, marginal: false, snapshotKey: 'syn@1', paramsKey: 'default' });
        expect(JSON.parse(JSON.stringify(mine))).toEqual(JSON.parse(JSON.stringify(fresh)));
      }
      expect(engine.methodSessions!.stats).toEqual({ hits: 5, misses: 1, rebuilds: 0 });
      const bad = { nonsense: 1 };
      expect(outcome(() => engine.run(methodId, book, SYN.market, { params: bad, account: false, marginal: false })))
        .toEqual(outcome(() => runMargin({ methodId, portfolio: book, snapshot: SYN.market, params: bad, account: false, marginal: false })));
    });
  }
});
