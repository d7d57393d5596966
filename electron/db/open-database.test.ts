import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase, DatabaseCorruptError, SchemaTooNewError, StoreValidationError, LATEST_SCHEMA_VERSION, type Store } from './index';
import { openTempStore, tempDbPath } from './test-helpers';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

function fresh(): { store: Store; path: string } {
  const t = openTempStore();
  cleanups.push(t.close);
  return t;
}

const book: PortfolioDto = {
  id: 'p1',
  name: 'Main book',
  balances: [{ currency: 'BTC', amount: '2.5' }, { currency: 'USDC', amount: '150000.00' }],
  positions: [
    { id: 'a', instrument: 'BTC-27DEC26-100000-C', size: '-10', averagePrice: '0.0425' },
    { id: 'b', instrument: 'ETH-PERPETUAL', size: '-1948.340', note: 'hedge' },
  ],
};

describe('openDatabase', () => {
  it('creates a WAL, foreign-key, synchronous=FULL database at the latest schema', () => {
    const { store, path } = fresh();
    expect(store.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const strict = raw.prepare(`SELECT sql FROM sqlite_schema WHERE type='table'`).pluck().all() as string[];
    for (const sql of strict) expect(sql).toMatch(/STRICT(, WITHOUT ROWID)?\s*$/);
    raw.close();
    expect(store.integrityCheck()).toEqual([]);
  });

  it('saves and loads a portfolio exactly, with decimals as the text given', () => {
    const { store } = fresh();
    const s = store.portfolios.save(book, 'first');
    expect(s).toMatchObject({ id: 'p1', name: 'Main book', revision: 1, positionCount: 2 });
    expect(s.savedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(store.portfolios.get('p1')).toEqual(book);
    expect(store.portfolios.list()).toEqual([s]);
  });

  it('reopens and finds the data (file database)', () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const a = openDatabase(t.path);
    a.portfolios.save(book);
    a.close();
    const b = openDatabase(t.path);
    expect(b.portfolios.get('p1')).toEqual(book);
    expect(b.migration.backups).toEqual([]);
    b.close();
  });

  it('rejects invalid decimals with every problem named and writes nothing', () => {
    const { store } = fresh();
    const bad = {
      ...book,
      positions: [
        { id: 'a', instrument: 'X', size: 'NaN' },
        { id: 'a', instrument: '', size: '1e16' },
        { id: 'c', instrument: 'Y', size: '1', averagePrice: 'abc' },
      ],
    };
    let err: unknown;
    try { store.portfolios.save(bad); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(StoreValidationError);
    const codes = (err as StoreValidationError).issues.map((i) => `${i.path}:${i.code}`);
    expect(codes).toEqual(expect.arrayContaining([
      'positions[0].size:invalid-decimal', 'positions[1].id:duplicate-id', 'positions[1].instrument:required',
      'positions[1].size:out-of-range', 'positions[2].averagePrice:invalid-decimal',
    ]));
    expect(store.portfolios.list()).toEqual([]);
  });

  it('refuses a database from a newer schema without touching it', () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const raw = new Database(t.path);
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(t.path)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(t.path)).toThrow(/newer pmdesk/);
    const again = new Database(t.path, { readonly: true });
    expect(again.pragma('journal_mode', { simple: true })).toBe('delete');
    again.close();
  });

  it('reports a corrupt file with recovery instructions', () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    writeFileSync(t.path, Buffer.alloc(8192, 7));
    expect(() => openDatabase(t.path)).toThrow(DatabaseCorruptError);
    expect(() => openDatabase(t.path)).toThrow(/To recover/);
  });

  it('detects page-level corruption via integrity_check', () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const s = openDatabase(t.path);
    for (let i = 0; i < 5; i++) s.portfolios.save({ ...book, positions: Array.from({ length: 500 }, (_, j) => ({ id: `r${j}`, instrument: `BTC-${j}`, size: `${j}.5` })) });
    s.close();
    const raw = new Database(t.path);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    // Scribble over the b-tree page headers of pages 3..40 (the file header stays valid).
    const buf = readFileSync(t.path);
    for (let page = 2; page < Math.min(40, buf.length / 4096); page++) for (let i = 0; i < 64; i++) buf[page * 4096 + i] = 0xab;
    writeFileSync(t.path, buf);
    expect(() => openDatabase(t.path)).toThrow(DatabaseCorruptError);
    expect(existsSync(t.path)).toBe(true);
  });
});
