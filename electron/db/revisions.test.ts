import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { openDatabase, diffPortfolios, NotFoundError, StoreValidationError, type Store } from './index';
import { tempDbPath } from './test-helpers';
import type { ServiceStore } from '../service/ports';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

function fresh(): { store: Store; path: string } {
  const t = tempDbPath();
  let tick = Date.parse('2026-11-24T12:00:00.000Z');
  const store = openDatabase(t.path, { now: () => new Date((tick += 1000)) });
  cleanups.push(() => { store.close(); t.cleanup(); });
  return { store, path: t.path };
}

const v1: PortfolioDto = {
  id: 'book',
  name: 'Book',
  balances: [{ currency: 'BTC', amount: '1' }],
  positions: [
    { id: 'a', instrument: 'BTC-PERPETUAL', size: '1000' },
    { id: 'b', instrument: 'BTC-27DEC26-100000-C', size: '-5' },
    { id: 'c', instrument: 'ETH-PERPETUAL', size: '300' },
  ],
};
const v2: PortfolioDto = {
  id: 'book',
  name: 'Book (hedged)',
  balances: [{ currency: 'BTC', amount: '1.25' }, { currency: 'USDC', amount: '5000' }],
  positions: [
    { id: 'a', instrument: 'BTC-PERPETUAL', size: '1500' },
    { id: 'c', instrument: 'ETH-PERPETUAL', size: '300', note: 'keep' },
    { id: 'd', instrument: 'BTC-27DEC26', size: '-700' },
  ],
};

describe('portfolio revisions', () => {
  it('keeps every save as an immutable revision with time and note, newest first', () => {
    const { store } = fresh();
    store.portfolios.save(v1, 'initial');
    const s2 = store.portfolios.save(v2);
    expect(s2.revision).toBe(2);
    const h = store.portfolios.history('book');
    expect(h.map((x) => [x.revision, x.name, x.note, x.positionCount])).toEqual([[2, 'Book (hedged)', undefined, 3], [1, 'Book', 'initial', 3]]);
    expect(h[0].savedAt > h[1].savedAt).toBe(true);
    expect(store.portfolios.get('book', 1)).toEqual(v1);
    expect(store.portfolios.get('book')).toEqual(v2);
    expect(store.portfolios.get('book', 3)).toBeUndefined();
    expect(store.portfolios.get('nope')).toBeUndefined();
    expect(() => store.portfolios.history('nope')).toThrow(NotFoundError);
  });

  it('diffs two revisions: added, removed, changed rows with old and new values', () => {
    const { store } = fresh();
    store.portfolios.save(v1);
    store.portfolios.save(v2);
    const d = store.portfolios.diff('book', 1, 2);
    expect(d.name).toEqual({ old: 'Book', new: 'Book (hedged)' });
    expect(d.positions.added).toEqual([v2.positions[2]]);
    expect(d.positions.removed).toEqual([v1.positions[1]]);
    expect(d.positions.changed).toEqual([
      { key: 'a', fields: ['size'], old: v1.positions[0], new: v2.positions[0] },
      { key: 'c', fields: ['note'], old: v1.positions[2], new: v2.positions[1] },
    ]);
    expect(d.balances).toEqual({
      added: [{ currency: 'USDC', amount: '5000' }],
      removed: [],
      changed: [{ key: 'BTC', fields: ['amount'], old: { currency: 'BTC', amount: '1' }, new: { currency: 'BTC', amount: '1.25' } }],
    });
    expect(() => store.portfolios.diff('book', 1, 9)).toThrow(NotFoundError);
  });

  it('the repository diff equals the pure diff of the two loaded revisions (property)', () => {
    const { store } = fresh();
    const row = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      instrument: fc.constantFrom('BTC-PERPETUAL', 'ETH-PERPETUAL', 'BTC-27DEC26'),
      size: fc.constantFrom('1', '1.0', '-2', '3.5'),
      averagePrice: fc.option(fc.constantFrom('100', '100.0'), { nil: undefined }),
      note: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
    }).map((r) => {
      const p: PortfolioDto['positions'][number] = { id: r.id, instrument: r.instrument, size: r.size };
      if (r.averagePrice !== undefined) p.averagePrice = r.averagePrice;
      if (r.note !== undefined) p.note = r.note;
      return p;
    });
    const book = fc.record({
      name: fc.constantFrom('A', 'B'),
      positions: fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 6 }),
      balances: fc.uniqueArray(fc.record({ currency: fc.constantFrom('BTC', 'ETH'), amount: fc.constantFrom('1', '2') }), { selector: (b) => b.currency }),
    });
    let n = 0;
    fc.assert(fc.property(book, book, (x, y) => {
      const id = `prop-${n++}`;
      store.portfolios.save({ id, ...x });
      store.portfolios.save({ id, ...y });
      expect(store.portfolios.diff(id, 1, 2)).toEqual(diffPortfolios(store.portfolios.get(id, 1)!, store.portfolios.get(id, 2)!, 1, 2));
    }), { numRuns: 200 });
  });

  it('restores an old revision as a new one, leaving history intact', () => {
    const { store } = fresh();
    store.portfolios.save(v1);
    store.portfolios.save(v2);
    const r = store.portfolios.restore('book', 1);
    expect(r.revision).toBe(3);
    expect(store.portfolios.get('book')).toEqual(v1);
    expect(store.portfolios.get('book', 2)).toEqual(v2);
    expect(store.portfolios.history('book')[0]).toMatchObject({ revision: 3, restoredFrom: 1, note: 'restored from revision 1' });
    expect(store.portfolios.diff('book', 1, 3)).toMatchObject({ positions: { added: [], removed: [], changed: [] } });
  });

  it('refuses to rewrite history even through raw SQL', () => {
    const { store, path } = fresh();
    store.portfolios.save(v1);
    const raw = new Database(path);
    expect(() => raw.prepare(`UPDATE position SET size = '0'`).run()).toThrow(/immutable/);
    expect(() => raw.prepare(`DELETE FROM portfolio_revision`).run()).toThrow(/immutable/);
    raw.close();
  });

  it('a failed save leaves no partial revision', () => {
    const { store } = fresh();
    store.portfolios.save(v1);
    expect(() => store.portfolios.save({ ...v2, positions: [...v2.positions, { id: 'z', instrument: 'X', size: 'Infinity' }] })).toThrow(StoreValidationError);
    expect(store.portfolios.history('book')).toHaveLength(1);
    expect(() => store.transaction(() => { store.portfolios.save(v2); throw new Error('boom'); })).toThrow('boom');
    expect(store.portfolios.history('book')).toHaveLength(1);
    expect(store.portfolios.get('book')).toEqual(v1);
  });

  it('generates ids for new portfolios and rows given without one', () => {
    const { store } = fresh();
    const s = store.portfolios.save({ id: '', name: 'New', balances: [], positions: [{ id: '', instrument: 'BTC', size: '1' }] });
    expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.portfolios.get(s.id)!.positions[0].id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('document revisions (snapshots, scenario sets, parameter sets)', () => {
  const snap1 = { asOf: '2026-02-15T12:00:00Z', underlyings: { ETH: { index: 1949.34, forwards: [], vols: [{ expiry: '2026-03-27T08:00:00Z', strike: 2000, vol: 0.62 }] } } };
  const snap2 = { asOf: '2026-02-16T12:00:00Z', underlyings: { ETH: { index: 1960.1, forwards: [], vols: [{ expiry: '2026-03-27T08:00:00Z', strike: 2000, vol: 0.6 }] }, BTC: { index: 95000, forwards: [], vols: [] } } };

  it('save by name appends revisions; get returns the stored JSON and exact text', () => {
    const { store } = fresh();
    const a = store.marketSnapshots.save('today', snap1, 'morning');
    const b = store.marketSnapshots.save('today', snap2);
    expect(b).toMatchObject({ id: a.id, revision: 2 });
    expect(store.marketSnapshots.get(a.id, 1)!.json).toEqual(snap1);
    expect(store.marketSnapshots.get(a.id)!.json).toEqual(snap2);
    expect(store.marketSnapshots.list()).toEqual([b]);
    const text = '{"asOf":"2026-02-15T12:00:00Z","underlyings":{"ETH":{"index":1949.340000000000000001}}}';
    const c = store.marketSnapshots.saveText('exact', text);
    expect(store.marketSnapshots.get(c.id)!.text).toBe(text);
    expect(() => store.marketSnapshots.saveText('bad', '{nope')).toThrow(StoreValidationError);
  });

  it('diffs by JSON path and restores', () => {
    const { store } = fresh();
    const a = store.marketSnapshots.save('today', snap1);
    store.marketSnapshots.save('today', snap2);
    const d = store.marketSnapshots.diff(a.id, 1, 2);
    expect(d.changes).toEqual(expect.arrayContaining([
      { path: '/asOf', kind: 'changed', old: '2026-02-15T12:00:00Z', new: '2026-02-16T12:00:00Z' },
      { path: '/underlyings/ETH/index', kind: 'changed', old: 1949.34, new: 1960.1 },
      { path: '/underlyings/ETH/vols/[expiry=2026-03-27T08:00:00Z,strike=2000]/vol', kind: 'changed', old: 0.62, new: 0.6 },
      { path: '/underlyings/BTC/index', kind: 'added', new: 95000 },
    ]));
    const r = store.marketSnapshots.restore(a.id, 1, 'back');
    expect(r.revision).toBe(3);
    expect(store.marketSnapshots.get(a.id)!.json).toEqual(snap1);
    expect(store.marketSnapshots.history(a.id).map((h) => h.restoredFrom)).toEqual([1, undefined, undefined]);
  });

  it('matches list rows by key: an inserted vol point is one added row, not every later row changed', () => {
    const { store } = fresh();
    const vols = [{ expiry: '2026-03-27T08:00:00Z', strike: 1800, vol: 0.7 }, { expiry: '2026-03-27T08:00:00Z', strike: 2200, vol: 0.6 }];
    const a = store.marketSnapshots.save('s', { underlyings: { ETH: { vols } } });
    store.marketSnapshots.save('s', { underlyings: { ETH: { vols: [vols[0], { expiry: '2026-03-27T08:00:00Z', strike: 2000, vol: 0.65 }, vols[1]] } } });
    expect(store.marketSnapshots.diff(a.id, 1, 2).changes).toEqual([
      { path: '/underlyings/ETH/vols/[expiry=2026-03-27T08:00:00Z,strike=2000]/expiry', kind: 'added', new: '2026-03-27T08:00:00Z' },
      { path: '/underlyings/ETH/vols/[expiry=2026-03-27T08:00:00Z,strike=2000]/strike', kind: 'added', new: 2000 },
      { path: '/underlyings/ETH/vols/[expiry=2026-03-27T08:00:00Z,strike=2000]/vol', kind: 'added', new: 0.65 },
    ]);
  });

  it('scenario and parameter sets have the same revision API; saveRevision renames', () => {
    const { store } = fresh();
    const p = store.parameterSets.save('deribit-pm 2024', { general: { mm_factor: 0.8 } });
    const p2 = store.parameterSets.saveRevision(p.id, { json: { general: { mm_factor: 0.75 } } }, { name: 'deribit-pm wide', note: 'what-if' });
    expect(p2).toMatchObject({ id: p.id, revision: 2, name: 'deribit-pm wide' });
    expect(store.parameterSets.diff(p.id, 1, 2)).toMatchObject({ name: { old: 'deribit-pm 2024', new: 'deribit-pm wide' }, changes: [{ path: '/general/mm_factor', old: 0.8, new: 0.75 }] });
    const s = store.scenarioSets.save('crash', { scenarios: [{ name: 'BTC -25%' }] });
    expect(store.scenarioSets.get(s.id)!.json).toEqual({ scenarios: [{ name: 'BTC -25%' }] });
    expect(() => store.scenarioSets.saveRevision('missing', { json: {} })).toThrow(NotFoundError);
  });
});

describe('saved runs', () => {
  it('pin exact revisions of their inputs and refuse unknown ones', () => {
    const { store } = fresh();
    const p = store.portfolios.save(v1);
    store.portfolios.save(v2);
    const m = store.marketSnapshots.save('m', { asOf: 'x' });
    const run = store.runs.save({ name: 'EOD', method: 'deribit-pm', portfolio: { id: p.id, revision: 1 }, snapshot: { id: m.id, revision: 1 }, result: { im: '0.157461562' } });
    const got = store.runs.get(run.id)!;
    expect(got).toMatchObject({ portfolio: { id: 'book', revision: 1 }, snapshot: { id: m.id, revision: 1 }, result: { im: '0.157461562' }, options: {} });
    expect(store.portfolios.get(got.portfolio.id, got.portfolio.revision)).toEqual(v1);
    expect(store.runs.list('book')).toHaveLength(1);
    expect(() => store.runs.save({ name: 'x', method: 'm', portfolio: { id: 'book', revision: 9 }, snapshot: { id: m.id, revision: 1 }, result: {} })).toThrow(StoreValidationError);
  });
});

describe('import mappings', () => {
  it('are saved per source and replaced on save', () => {
    const { store } = fresh();
    store.importMappings.save('broker', { instrument: 'Sym', size: 'Qty' });
    store.importMappings.save('broker', { instrument: 'Symbol', size: 'Qty' });
    expect(store.importMappings.get('broker')).toEqual({ instrument: 'Symbol', size: 'Qty' });
    expect(store.importMappings.get('other')).toBeUndefined();
  });
});

describe('service port', () => {
  it('Store satisfies the app service ServiceStore port', () => {
    const { store } = fresh();
    const port: ServiceStore = store;
    expect(port.portfolios.list()).toEqual([]);
  });
});

describe('check then saveChecked (validation before the write lock)', () => {
  it('check refuses what save refuses and writes nothing; saveChecked writes the checked value once, and refuses a value it did not check', () => {
    const { store } = fresh();
    expect(() => store.portfolios.check({ ...v1, positions: [{ id: 'a', instrument: 'BTC-PERPETUAL', size: '1e400' }] })).toThrow(StoreValidationError);
    expect(store.portfolios.list()).toEqual([]);
    const checked = store.portfolios.check(v1);
    expect(store.portfolios.list()).toEqual([]);
    const saved = store.portfolios.saveChecked(checked, 'checked first');
    expect(saved.revision).toBe(1);
    expect(store.portfolios.get('book')?.positions).toEqual(v1.positions);
    expect(() => store.portfolios.saveChecked(checked)).toThrow(/not a value this repository checked/);
    expect(() => store.portfolios.saveChecked({ value: { ...v1, positions: [{ id: 'a', instrument: 'BTC-PERPETUAL', size: 'not a number' }] } })).toThrow(/not a value this repository checked/);
    expect(store.portfolios.headRevision('book')).toBe(1);
  });
});
