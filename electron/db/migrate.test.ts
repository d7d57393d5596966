import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase, LATEST_SCHEMA_VERSION, migrations } from './index';
import { migrate, schemaVersion } from './migrate';
import { dumpTables, tempDbPath } from './test-helpers';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';

const cleanups: (() => void)[] = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

const book: PortfolioDto = {
  id: 'p', name: 'Book', balances: [{ currency: 'ETH', amount: '12.000000000000000001' }],
  positions: [{ id: 'x', instrument: 'ETH-PERPETUAL', size: '-1948.34' }, { id: 'y', instrument: 'ETH-27DEC26-2000-P', size: '5', averagePrice: '0.05' }],
};

/** Populate a database at schema `version` with every kind of data that version supports. */
function populateAt(path: string, version: number): void {
  const s = openDatabase(path, { targetVersion: version });
  expect(s.schemaVersion).toBe(version);
  s.portfolios.save(book, 'v1');
  s.portfolios.save({ ...book, positions: book.positions.slice(0, 1) }, 'v2');
  s.marketSnapshots.save('snap', { asOf: '2026-02-15T12:00:00Z', underlyings: { ETH: { index: 1949.34 } } });
  if (version >= 2) {
    s.parameterSets.save('pm', { general: { mm_factor: 0.8 } });
    s.scenarioSets.save('sc', { scenarios: [] });
    const snap = s.marketSnapshots.findByName('snap')!;
    s.runs.save({ name: 'run', method: 'deribit-pm', portfolio: { id: 'p', revision: 1 }, snapshot: { id: snap.id, revision: 1 }, result: { im: '1' } });
  }
  s.close();
}

describe('migrations', () => {
  it('are numbered 1..n in order', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length);
  });

  for (let from = 1; from < LATEST_SCHEMA_VERSION; from++) {
    it(`upgrade a populated database from schema ${from} to ${LATEST_SCHEMA_VERSION}, backing up first, losing nothing`, () => {
      const t = tempDbPath();
      cleanups.push(t.cleanup);
      populateAt(t.path, from);
      const before = dumpTables(t.path);
      const s = openDatabase(t.path, { now: () => new Date('2026-11-24T13:00:00Z') });
      expect(s.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(s.migration).toMatchObject({ fromVersion: from, toVersion: LATEST_SCHEMA_VERSION });
      expect(s.migration.backups).toHaveLength(LATEST_SCHEMA_VERSION - from);
      for (const b of s.migration.backups) expect(existsSync(b)).toBe(true);
      expect(s.portfolios.get('p', 1)).toEqual(book);
      expect(s.portfolios.history('p')).toHaveLength(2);
      expect(s.portfolios.get('p', 2)).toEqual({ ...book, positions: book.positions.slice(0, 1) });
      expect(s.portfolios.history('p').map((h) => [h.revision, h.note, h.positionCount])).toEqual([[2, 'v2', 1], [1, 'v1', 2]]);
      expect(s.marketSnapshots.list()).toHaveLength(1);
      if (from >= 2) {
        expect(s.parameterSets.get(s.parameterSets.findByName('pm')!.id)!.json).toEqual({ general: { mm_factor: 0.8 } });
        expect(s.scenarioSets.list()).toHaveLength(1);
        expect(s.runs.list('p')).toHaveLength(1);
      }
      expect(s.integrityCheck()).toEqual([]);
      // New tables work after the upgrade.
      s.parameterSets.save('after', { x: 1 });
      s.portfolios.save(book, 'after upgrade');
      s.close();
      const after = dumpTables(t.path);
      for (const [table, rows] of Object.entries(before)) {
        if (table === 'portfolio') continue; // head pointer moved by the new save
        if (['position', 'balance', 'portfolio_revision'].includes(table)) continue; // re-keyed by migration 4; compared through the API above
        expect(after[table].startsWith(rows.slice(0, -1))).toBe(true);
      }
      const raw = new Database(t.path, { readonly: true });
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      raw.close();
      // The backup is a sound copy at the old version.
      const bak = new Database(s.migration.backups[0], { readonly: true });
      expect(bak.pragma('user_version', { simple: true })).toBe(from);
      expect(bak.pragma('integrity_check', { simple: true })).toBe('ok');
      bak.close();
    });
  }

  it('a fresh database needs no backup', () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    const s = openDatabase(t.path);
    expect(s.migration).toEqual({ fromVersion: 0, toVersion: LATEST_SCHEMA_VERSION, backups: [] });
    s.close();
  });

  it('a failing migration rolls back completely and leaves the version unchanged', () => {
    const t = tempDbPath();
    cleanups.push(t.cleanup);
    populateAt(t.path, 1);
    const before = dumpTables(t.path);
    const db = new Database(t.path);
    const broken = [...migrations.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE ok_table (x TEXT) STRICT; CREATE TABLE oops (' }];
    expect(() => migrate(db, t.path, { migrations: broken })).toThrow();
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'ok_table'`).pluck().get()).toBe(0);
    db.close();
    expect(dumpTables(t.path)).toEqual(before);
  });
});
