import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { tempDbPath } from '../db/test-helpers';
import { parseDeribitBookSummary, parseMarketSnapshot, marketSnapshotToJson } from '../engine/market-data';
import { importDocument, parseSnapshotJson, validateDocument } from './index';

const FIXTURE = join(__dirname, '../../test/fixtures/market/deribit-book-summary-btc-eth.json');
const text = readFileSync(FIXTURE, 'utf8');
const summaries = JSON.parse(text) as Record<string, unknown>[];
const AS_OF = Date.UTC(2026, 1, 15, 12);
const MAR27 = '2026-03-27T08:00:00Z';

/** The JSON-RPC envelope the venue answers with (one per currency). */
const envelope = (cur: string) => ({
  jsonrpc: '2.0', id: 7, usIn: 1771156800001234, usOut: 1771156800003456, usDiff: 2222, testnet: false,
  result: summaries.filter((s) => s.base_currency === cur),
});

describe('saved Deribit get_book_summary_by_currency as a market snapshot', () => {
  it('the fixture is a realistic BTC+ETH book: options with mark_iv in percent, futures and perpetuals', () => {
    const names = summaries.map((s) => s.instrument_name as string);
    expect(names).toContain('BTC-PERPETUAL');
    expect(names).toContain('ETH-PERPETUAL');
    expect(names).toContain('BTC-27MAR26');
    expect(names.filter((n) => /-[CP]$/.test(n)).length).toBeGreaterThan(20);
    for (const s of summaries.filter((x) => /-[CP]$/.test(x.instrument_name as string))) {
      expect(s.mark_iv).toBeGreaterThan(1); // percent, not a decimal
      expect(typeof s.underlying_price).toBe('number');
      expect(typeof s.mark_price).toBe('number');
    }
  });

  it('a bare array converts to the documented snapshot format (as of the newest creation_timestamp)', () => {
    const r = parseSnapshotJson(text);
    expect(r.issues).toEqual([]);
    expect(r.fatal).toBe(false);
    expect(r.totalRows).toBe(summaries.length);
    expect(r.skippedRows).toBe(2); // the two perpetuals carry no forward or vol
    const snap = r.valid[0].json as { asOf: string; underlyings: Record<string, { index: number; forwards: { expiry: string; price: number }[]; vols: { expiry: string; strike: number; vol: number }[] }> };
    expect(snap.asOf).toBe('2026-02-15T12:00:00Z');
    expect(Object.keys(snap.underlyings)).toEqual(['BTC', 'ETH']);
    expect(snap.underlyings.ETH.index).toBe(1949.34);
    expect(snap.underlyings.BTC.index).toBe(68012.37);
    // Forward of an expiry = the options' underlying_price; vol = mean mark_iv / 100 of call and put.
    expect(snap.underlyings.BTC.forwards.find((f) => f.expiry === MAR27)?.price).toBe(68391.2);
    const v = snap.underlyings.ETH.vols.find((x) => x.expiry === MAR27 && x.strike === 2000)!.vol;
    expect(v).toBeCloseTo((64.2 + 64.55) / 200, 14);
    // Stored text is the documented format: it passes the snapshot validator and the engine's loader as is.
    expect(JSON.parse(r.valid[0].text)).toEqual(snap);
    expect(parseSnapshotJson(r.valid[0].text).issues).toEqual([]);
    expect(marketSnapshotToJson(parseMarketSnapshot(snap))).toEqual(snap);
    expect(snap).toEqual(marketSnapshotToJson(parseDeribitBookSummary(summaries).snapshot));
  });

  it('the JSON-RPC envelope (and a list of envelopes) gives the same snapshot', () => {
    const eth = parseSnapshotJson(JSON.stringify(envelope('ETH')));
    expect(eth.issues).toEqual([]);
    expect(Object.keys((eth.valid[0].json as { underlyings: object }).underlyings)).toEqual(['ETH']);
    const both = parseSnapshotJson(JSON.stringify([envelope('BTC'), envelope('ETH')]));
    expect(both.valid[0].text).toBe(parseSnapshotJson(text).valid[0].text);
  });

  it('an explicit as-of time wins over creation_timestamp', () => {
    const r = parseSnapshotJson(text, { asOfMs: AS_OF - 3_600_000 });
    expect(r.issues).toEqual([]);
    expect((r.valid[0].json as { asOf: string }).asOf).toBe('2026-02-15T11:00:00Z');
  });

  it('refuses with a clear message when there is no as-of time', () => {
    const bare = summaries.map(({ creation_timestamp: _ts, ...rest }) => rest);
    const r = parseSnapshotJson(JSON.stringify(bare));
    expect(r.fatal).toBe(true);
    expect(r.valid).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ column: 'asOf', code: 'invalid-market' });
    expect(r.issues[0].message).toMatch(/no creation_timestamp.*--as-of/);
    // …and the explicit as-of time makes it loadable.
    expect(parseSnapshotJson(JSON.stringify(bare), { asOfMs: AS_OF }).issues).toEqual([]);
  });

  it('rejects malformed venue data with named reasons', () => {
    const bad = summaries.map((s, i) => (i === 3 ? { ...s, mark_iv: 'high' } : s));
    const r = parseSnapshotJson(JSON.stringify(bad));
    expect(r.fatal).toBe(true);
    expect(r.issues[0].column).toBe('[3].mark_iv');
    expect(parseSnapshotJson('[]').issues[0].message).toMatch(/holds no instruments/);
    expect(parseSnapshotJson(JSON.stringify({ jsonrpc: '2.0', error: { code: 10028, message: 'too_many_requests' }, result: null })).issues[0].message).toMatch(/error response/);
    expect(parseSnapshotJson(JSON.stringify([{ mark_price: 1 }])).issues[0].column).toBe('[0].instrument_name');
  });

  it('an as-of time does not apply to a pmdesk snapshot file', () => {
    const snap = JSON.stringify({ asOf: '2026-02-15T12:00:00Z', underlyings: { ETH: { index: 1949.34 } } });
    expect(parseSnapshotJson(snap).issues).toEqual([]);
    expect(parseSnapshotJson(snap, { asOfMs: AS_OF }).issues[0].message).toMatch(/applies only to venue market data/);
  });

  describe('document import (kind snapshot)', () => {
    const t = tempDbPath('pmdesk-venue-');
    const store = openDatabase(t.path);
    afterAll(() => { store.close(); t.cleanup(); });

    it('stores the converted snapshot (documented format), not the venue file', () => {
      expect(validateDocument('snapshot', text).issues).toEqual([]);
      const out = importDocument(store, 'snapshot', text, { name: 'deribit 2026-02-15' });
      expect(out.status).toBe('written');
      const doc = store.marketSnapshots.get(out.written!.id)!;
      expect(doc.text).toBe(parseSnapshotJson(text).valid[0].text);
      expect((doc.json as { asOf: string }).asOf).toBe('2026-02-15T12:00:00Z');
      expect(() => parseMarketSnapshot(doc.json)).not.toThrow();
    });

    it('with an explicit as-of time', () => {
      const out = importDocument(store, 'snapshot', JSON.stringify(envelope('ETH')), { name: 'eth', asOfMs: AS_OF - 60_000 });
      expect(out.status).toBe('written');
      expect((store.marketSnapshots.get(out.written!.id)!.json as { asOf: string }).asOf).toBe('2026-02-15T11:59:00Z');
    });
  });
});
