/**
 * The analysis channels on the bundled demo book: a grid cell's position P&L sums to the method's
 * own vector entry, the heatmap's unshifted cell equals a plain run of every method, and the
 * payoff's today curve is zero at today's index and matches a directly shifted re-valuation.
 */
import { describe, expect, it } from 'vitest';
import demoPortfolio from '../demo/demo-portfolio.json';
import demoMarket from '../demo/demo-market.json';
import { runMargin, marginMethodList } from '../../engine/margin/registry';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import { createAnalysisService } from './analysis-service';
import { createMarginEngine } from '../margin-engine';
import { DERIBIT_PM_ID } from '../../engine/margin/methods/deribit-pm/id';
import { marketMovedTo } from './market-shift';
import { HELD_BOOKS } from './held-books';
import { NotFoundError } from '../service-errors';
import { parseRequest } from '../../../shared/ipc/schemas';
import { BOOK_HANDLE_GONE, PAYOFF_MAX_EXPIRIES, PAYOFF_NO_DATE } from '../../../shared/ipc/analysis-contract';

const portfolio = demoPortfolio as unknown as PortfolioDto;
const store = {
  marketSnapshots: {
    list: () => [],
    get: (id: string) => (id === 'm1' ? { id, name: 'demo', revision: 1, json: demoMarket as unknown } : undefined),
    save: () => ({ id: 'x', revision: 1 }),
  },
  parameterSets: { get: () => undefined },
};
const sut = createAnalysisService(store);
const TOLERANCE = 1e-9;

describe('analysis:scenario-pnl', () => {
  it('sums each group\'s position P&L to the pre-aggregated entry of every cell of deribit-pm', () => {
    const r = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: demoMarket, account: false, marginal: false });
    const groups = Object.values(r.byCurrency).flatMap((c) => c.groups);
    expect(groups.length).toBeGreaterThan(0);
    for (const id of ['std-1-up', 'std-5-same', 'std-9-down', 'ext-1']) {
      const pnl = sut['analysis:scenario-pnl']({ portfolio, marketId: 'm1', methodId: 'deribit-pm', scenarioId: id });
      for (const g of groups) {
        const entry = g.vector.find((e) => e.id === id)!;
        const sum = pnl.positions.filter((p) => p.group === g.key).reduce((a, p) => a + Number(p.pnl), 0);
        expect(Math.abs(sum - Number(entry.preAggregated))).toBeLessThan(TOLERANCE * Math.max(1, Math.abs(Number(entry.preAggregated))));
        expect(Number(pnl.groups.find((x) => x.group === g.key)!.pnl)).toBeCloseTo(Number(entry.preAggregated), 9);
      }
    }
  });
  it('refuses a method without a grid, naming it', () => {
    expect(() => sut['analysis:scenario-pnl']({ portfolio, marketId: 'm1', methodId: 'deribit-sm', scenarioId: 'std-1-up' })).toThrow(/deribit-sm.*no scenario grid/);
  });
});

describe('analysis:margin-heatmap', () => {
  it('gives every listed method\'s plain-run IM at the unshifted cell, and a plain run on the shifted snapshot elsewhere', () => {
    const methods = marginMethodList().map((m) => m.id);
    const h = sut['analysis:margin-heatmap']({ portfolio, marketId: 'm1', methods, moves: [-0.1, 0, 0.1], volShifts: [0, 0.2] });
    expect(h.cells).toHaveLength(6);
    const base = h.cells.find((c) => c.move === 0 && c.volShift === 0)!;
    for (const m of base.methods) {
      const plain = runMargin({ methodId: m.methodId, portfolio, snapshot: demoMarket, account: false, marginal: false });
      expect(m).toMatchObject({ ok: true, initialMarginUsd: plain.totals.initialMarginUsd });
    }
    const cell = h.cells.find((c) => c.move === -0.1 && c.volShift === 0.2)!;
    const shifted = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: marketMovedTo(demoMarket, { move: -0.1, volShift: 0.2 }), account: false, marginal: false });
    expect(cell.methods.find((m) => m.methodId === 'deribit-pm')).toMatchObject({ ok: true, initialMarginUsd: shifted.totals.initialMarginUsd });
    const plainPm = runMargin({ methodId: 'deribit-pm', portfolio, snapshot: demoMarket, account: false, marginal: false });
    expect(shifted.totals.initialMarginUsd).not.toBe(plainPm.totals.initialMarginUsd);
  });
});

describe('analysis:payoff', () => {
  it('is zero at today\'s index today, adds a curve per expiry, and moves with the price', () => {
    const p = sut['analysis:payoff']({ portfolio, marketId: 'm1', underlying: 'BTC', lowerMove: -0.5, upperMove: 0.5, points: 11 });
    expect(p.prices).toHaveLength(11);
    expect(p.prices[5]).toBeCloseTo(p.index, 6);
    expect(p.curves[0].label).toBe('today');
    expect(Math.abs(p.curves[0].pnlUsd[5])).toBeLessThan(1e-6);
    expect(p.curves.length).toBeGreaterThan(1);
    expect(p.curves.slice(1).every((c) => c.days > 0)).toBe(true);
    expect(new Set(p.curves[0].pnlUsd.map((x) => Math.round(x))).size).toBeGreaterThan(2);
  });
  it('refuses an underlying the book does not hold', () => {
    expect(() => sut['analysis:payoff']({ portfolio, marketId: 'm1', underlying: 'DOGE', lowerMove: -0.1, upperMove: 0.1, points: 3 })).toThrow(/nothing on DOGE/);
  });
});

describe('book handles (AnalysisBookRef)', () => {
  const heat = { marketId: 'm1', methods: ['deribit-pm', 'span'], moves: [-0.1, 0, 0.1], volShifts: [0.1] };
  it('answers a handle with the figures of the portfolio it was given for, and the same handle for the same text', () => {
    const s = createAnalysisService(store);
    const first = s['analysis:margin-heatmap']({ portfolio, ...heat });
    const again = s['analysis:margin-heatmap']({ book: first.book, ...heat, volShifts: [-0.1] });
    const fresh = createAnalysisService(store)['analysis:margin-heatmap']({ portfolio, ...heat, volShifts: [-0.1] });
    expect(again.cells).toEqual(fresh.cells);
    expect(again.book).toBe(first.book);
    expect(s['analysis:margin-heatmap']({ portfolio: structuredClone(portfolio), ...heat }).book).toBe(first.book);
    // The payoff and a grid cell's P&L find the heatmap's book by its handle too.
    const cell = { marketId: 'm1', methodId: 'deribit-pm', scenarioId: 'std-1-up' };
    const { book: h1, ...byHandle } = s['analysis:scenario-pnl']({ book: first.book, ...cell });
    const { book: _h2, ...bySending } = createAnalysisService(store)['analysis:scenario-pnl']({ portfolio, ...cell });
    expect(h1).toBe(first.book);
    expect(byHandle).toEqual(bySending);
    const pay = { marketId: 'm1', underlying: 'BTC', lowerMove: -0.2, upperMove: 0.2, points: 5 };
    expect(s['analysis:payoff']({ book: first.book, ...pay }).curves).toEqual(createAnalysisService(store)['analysis:payoff']({ portfolio, ...pay }).curves);
  });
  it('refuses a handle it does not hold (another service, or pushed out by newer books) as not found', () => {
    const s = createAnalysisService(store);
    const h = s['analysis:margin-heatmap']({ portfolio, ...heat }).book;
    expect(() => createAnalysisService(store)['analysis:margin-heatmap']({ book: h, ...heat })).toThrow(new RegExp(BOOK_HANDLE_GONE));
    for (let i = 0; i < HELD_BOOKS; i++) s['analysis:margin-heatmap']({ portfolio: { ...portfolio, name: `other ${i}` }, ...heat });
    expect(() => s['analysis:margin-heatmap']({ book: h, ...heat })).toThrow(NotFoundError);
  });
  it('takes the portfolio or a handle, one of the two (request schema)', () => {
    const base = { ...heat, methods: ['deribit-pm'] };
    const portfolio = { id: 'p1', name: 'p', balances: [], positions: [{ id: 'r1', instrument: 'BTC-PERPETUAL', size: '1' }] };
    expect(() => parseRequest('analysis:margin-heatmap', { ...base, portfolio })).not.toThrow();
    expect(() => parseRequest('analysis:margin-heatmap', { ...base, book: 'abc-123' })).not.toThrow();
    expect(() => parseRequest('analysis:margin-heatmap', { ...base, session: { sessionId: 'p1', version: 3 } })).not.toThrow();
    expect(() => parseRequest('analysis:margin-heatmap', { ...base, portfolio, book: 'abc-123' })).toThrow(/one of the three/);
    expect(() => parseRequest('analysis:margin-heatmap', { ...base, book: 'abc-123', session: { sessionId: 'p1', version: 3 } })).toThrow(/one of the three/);
    expect(() => parseRequest('analysis:margin-heatmap', { ...base, session: { sessionId: 'p1', version: -1 } })).toThrow(/version/);
    expect(() => parseRequest('analysis:payoff', { marketId: 'm1', underlying: 'BTC', lowerMove: -0.1, upperMove: 0.1, points: 3 })).toThrow(/one of the three/);
  });
  it('takes an open session\'s book at the version asked for (the figures of that book), and refuses a closed session or another version as not found', () => {
    let open: { book: PortfolioDto; version: number } | undefined = { book: portfolio, version: 7 };
    const s = createAnalysisService(store, (id) => (id === 'p-open' ? open : undefined));
    const pay = { marketId: 'm1', underlying: 'BTC', lowerMove: -0.2, upperMove: 0.2, points: 5 };
    const bySession = s['analysis:payoff']({ session: { sessionId: 'p-open', version: 7 }, ...pay });
    expect(bySession.curves).toEqual(createAnalysisService(store)['analysis:payoff']({ portfolio, ...pay }).curves);
    const heatmap = s['analysis:margin-heatmap']({ session: { sessionId: 'p-open', version: 7 }, ...heat });
    expect(heatmap.book).toBe(bySession.book); // the same held book: (session, version) is its identity
    expect(heatmap.cells).toEqual(createAnalysisService(store)['analysis:margin-heatmap']({ portfolio, ...heat }).cells);
    expect(() => s['analysis:payoff']({ session: { sessionId: 'p-open', version: 6 }, ...pay })).toThrow(new RegExp(`${BOOK_HANDLE_GONE}.*version 7, not 6`));
    expect(() => s['analysis:payoff']({ session: { sessionId: 'p-other', version: 7 }, ...pay })).toThrow(NotFoundError);
    // The session moves on (an edit): the new version is a new book, with the edited book's figures.
    const edited = { ...portfolio, positions: portfolio.positions.slice(1) };
    open = { book: edited, version: 8 };
    const after = s['analysis:payoff']({ session: { sessionId: 'p-open', version: 8 }, ...pay });
    expect(after.book).not.toBe(bySession.book);
    expect(after.curves).toEqual(createAnalysisService(store)['analysis:payoff']({ portfolio: edited, ...pay }).curves);
    expect(after.curves).not.toEqual(bySession.curves);
    open = undefined;
    expect(() => s['analysis:payoff']({ session: { sessionId: 'p-open', version: 8 }, ...pay })).toThrow(/not open/);
  });
});

describe('a working session\'s book parsed once: the engine\'s parse of it is the one held', () => {
  // Every method (the generic sessions' shared parse), and the Deribit PM session alone (its own rows).
  it.each([['every method', marginMethodList().map((m) => m.id)], ['deribit-pm alone', [DERIBIT_PM_ID]]])('takes the parse the engine\'s incremental sessions made of the edited book (%s), with the figures of a fresh parse', (_, methods) => {
    const engine = createMarginEngine();
    const parsedBook = (b: PortfolioDto) => engine.parsedBook!(b);
    // A stored book's rows (each with its id), as a working session holds them.
    const book = { ...portfolio, id: 'p', positions: portfolio.positions.map((p, k) => ({ ...p, id: `r${k}` })) };
    for (const m of methods) engine.run(m, book, demoMarket, { account: false, marginal: false });
    expect(parsedBook(book)).toBeDefined();
    // An edit as the working session makes it: a new positions array, one row's size changed.
    const i = book.positions.findIndex((p) => p.instrument.startsWith('BTC-'));
    const positions = book.positions.map((p, k) => (k === i ? { ...p, size: String(Number(p.size) * 2 + 1) } : p));
    const edited = { ...book, positions };
    for (const m of methods) engine.run(m, edited, demoMarket, { account: false, marginal: false });
    expect(parsedBook(edited)).toBeDefined();
    expect(parsedBook({ ...edited, positions: [...positions] })).toBeUndefined(); // another array: not that book
    let asked = 0;
    const s = createAnalysisService(store, (id) => (id === 'p' ? { book: edited, version: 2, parsed: () => { asked++; return parsedBook(edited); } } : undefined));
    const pay = { marketId: 'm1', underlying: 'BTC', lowerMove: -0.3, upperMove: 0.3, points: 7, nextExpiries: 2 };
    const heat = { marketId: 'm1', methods: marginMethodList().slice(0, 3).map((m) => m.id), moves: [-0.1, 0, 0.1], volShifts: [0.1] };
    const bySession = s['analysis:payoff']({ session: { sessionId: 'p', version: 2 }, ...pay });
    const byRows = createAnalysisService(store)['analysis:payoff']({ portfolio: edited, ...pay });
    expect(bySession.curves).toEqual(byRows.curves);
    expect(bySession.curves).not.toEqual(createAnalysisService(store)['analysis:payoff']({ portfolio: book, ...pay }).curves);
    const heatmap = s['analysis:margin-heatmap']({ session: { sessionId: 'p', version: 2 }, ...heat });
    expect(heatmap.cells).toEqual(createAnalysisService(store)['analysis:margin-heatmap']({ portfolio: edited, ...heat }).cells);
    expect(asked).toBe(1); // once, when the book was first held
  });
});

describe('analysis:payoff, other underlyings and dates', () => {
  const pay = { marketId: 'm1', lowerMove: -0.4, upperMove: 0.4, points: 9, expiries: false, dates: ['2027-01-10T08:00:00Z'] };
  const only = (u: string): PortfolioDto => ({ ...portfolio, positions: portfolio.positions.filter((p) => p.instrument.startsWith(u)) });
  it('moves the other underlyings by β × the move: BTC at m with ETH at β·m is the BTC rows at m plus the ETH rows at β·m', () => {
    expect(only('BTC').positions.length).toBeGreaterThan(0);
    expect(only('ETH').positions.length).toBeGreaterThan(0);
    const beta = 0.5;
    const both = sut['analysis:payoff']({ portfolio, ...pay, underlying: 'BTC', othersBeta: beta });
    const held = sut['analysis:payoff']({ portfolio, ...pay, underlying: 'BTC', othersBeta: 0 });
    const btc = sut['analysis:payoff']({ portfolio: only('BTC'), ...pay, underlying: 'BTC' });
    // Each position depends on its own underlying only, so the P&L splits by underlying.
    const eth = sut['analysis:payoff']({ portfolio: only('ETH'), ...pay, lowerMove: beta * pay.lowerMove, upperMove: beta * pay.upperMove, underlying: 'ETH' });
    expect(both.curves).toHaveLength(2);
    both.curves.forEach((c, k) => c.pnlUsd.forEach((x, i) => {
      const want = btc.curves[k].pnlUsd[i] + eth.curves[k].pnlUsd[i];
      expect(Math.abs(x - want), `${c.label} point ${i}`).toBeLessThan(1e-7 * Math.max(1, Math.abs(want)));
    }));
    // And it is not the curve with ETH held.
    expect(Math.abs(both.curves[0].pnlUsd[0] - held.curves[0].pnlUsd[0])).toBeGreaterThan(1);
  });
  it('today: false leaves today out; today alone and the rest are the full answer bit for bit', () => {
    const req = { portfolio, marketId: 'm1', underlying: 'BTC', lowerMove: -0.5, upperMove: 0.5, points: 21, dates: ['2027-01-10T08:00:00Z'] };
    for (const othersBeta of [0, 0.7]) {
      const full = sut['analysis:payoff']({ ...req, othersBeta });
      const today = sut['analysis:payoff']({ ...req, othersBeta, expiries: false, dates: undefined });
      const rest = sut['analysis:payoff']({ ...req, othersBeta, today: false });
      expect(full.curves.length).toBeGreaterThan(2);
      expect([...today.curves, ...rest.curves]).toEqual(full.curves);
      for (const [k, c] of [...today.curves, ...rest.curves].entries()) expect(c.pnlUsd.every((x, i) => Object.is(x, full.curves[k].pnlUsd[i]))).toBe(true);
    }
    expect(() => sut['analysis:payoff']({ ...req, today: false, expiries: false, dates: undefined })).toThrow(new RegExp(PAYOFF_NO_DATE));
  });
  it('nextExpiries: only the nearest N expiries, each curve the full answer\'s; every expiry ahead listed either way', () => {
    const req = { portfolio, marketId: 'm1', underlying: 'BTC', lowerMove: -0.3, upperMove: 0.3, points: 7 };
    const all = sut['analysis:payoff'](req);
    const ahead = all.expiriesAhead;
    expect(ahead.length).toBeGreaterThan(2);
    expect([...ahead].sort()).toEqual(ahead);
    expect(all.curves.slice(1).map((c) => c.at)).toEqual(ahead.slice(0, PAYOFF_MAX_EXPIRIES));
    for (let n = 0; n <= Math.min(ahead.length, PAYOFF_MAX_EXPIRIES); n++) {
      const p = sut['analysis:payoff']({ ...req, nextExpiries: n });
      expect(p.curves.map((c) => c.label), `next ${n}`).toEqual(['today', ...ahead.slice(0, n).map((d) => `expiry ${d.slice(0, 10)}`)]);
      expect(p.curves).toEqual(all.curves.slice(0, 1 + n));
      expect(p.expiriesAhead).toEqual(ahead);
    }
    // The later dates alone, as the view asks for them: the next 2 expiries and a custom date.
    const later = sut['analysis:payoff']({ ...req, today: false, nextExpiries: 2, dates: ['2027-02-10T08:00:00Z'] });
    expect(later.curves.map((c) => c.label)).toEqual([...ahead.slice(0, 2).map((d) => `expiry ${d.slice(0, 10)}`), 'custom 2027-02-10']);
    expect(sut['analysis:payoff']({ ...req, expiries: false, nextExpiries: 2 }).curves.map((c) => c.label)).toEqual(['today']);
    expect(sut['analysis:payoff']({ ...req, expiries: false }).expiriesAhead).toEqual(ahead);
    const { portfolio: _p, ...wire } = { ...req, book: 'abc-123' };
    expect(() => parseRequest('analysis:payoff', { ...wire, nextExpiries: 2 })).not.toThrow();
    expect(() => parseRequest('analysis:payoff', { ...wire, nextExpiries: PAYOFF_MAX_EXPIRIES + 1 })).toThrow(new RegExp(`at most ${PAYOFF_MAX_EXPIRIES} expiries`));
    expect(() => parseRequest('analysis:payoff', { ...wire, nextExpiries: 1.5 })).toThrow(/nextExpiries must be an integer/);
    expect(() => parseRequest('analysis:payoff', { ...wire, nextExpiries: -1 })).toThrow(/0 or more/);
  });
});

describe('analysis:sweep', () => {
  const base = { portfolio, marketId: 'm1', methods: marginMethodList().map((m) => m.id) };
  it('answers the engine sweep for every method that has the parameter; each point is a plain run at that value', () => {
    const r = sut['analysis:sweep']({ ...base, param: 'usdDecimals', from: '2', to: '6', steps: 3 });
    expect(r.values).toEqual(['2', '4', '6']);
    expect(r.methods.length + r.skipped.length).toBe(base.methods.length);
    for (const m of r.methods) {
      if (!m.ok) throw new Error(m.error);
      for (const p of m.points) {
        const plain = runMargin({ methodId: m.methodId, portfolio, snapshot: demoMarket, params: { usdDecimals: Number(p.value) }, account: false, marginal: false });
        expect(p.initialMarginUsd, `${m.methodId} at ${p.value}`).toBe(plain.totals.initialMarginUsd);
      }
    }
  });
  it('refuses a value past the bound naming the parameter and the bound, and an unknown market', () => {
    expect(() => sut['analysis:sweep']({ ...base, param: 'usdDecimals', from: '0', to: '19', steps: 2 })).toThrow(/usdDecimals \(.*\): 19 is outside an integer in 0\.\.18/);
    expect(() => sut['analysis:sweep']({ ...base, marketId: 'nope', param: 'usdDecimals', from: '2', to: '3', steps: 2 })).toThrow(/market snapshot nope/);
  });
});
