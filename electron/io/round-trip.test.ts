import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../db';
import { tempDbPath } from '../db/test-helpers';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';
import { exportDocumentJson, exportPortfolioJson, exportPositionsCsv, importDocument, importPositions, POSITIONS_CSV_MAPPING } from './index';

const t = tempDbPath('pmdesk-roundtrip-');
const store = openDatabase(t.path);
afterAll(() => { store.close(); t.cleanup(); });

/** Decimal strings in every shape the importer accepts: signs, leading zeros, long fractions, exponents. */
const decimal = fc.tuple(
  fc.constantFrom('', '-', '+'),
  fc.stringMatching(/^(0|[1-9]\d{0,14})$/),
  fc.option(fc.stringMatching(/^\d{1,20}$/), { nil: undefined }),
  fc.option(fc.integer({ min: -20, max: 0 }), { nil: undefined }),
).map(([s, i, f, e]) => `${s}${i}${f !== undefined ? `.${f}` : ''}${e !== undefined ? `e${e}` : ''}`);
const instrument = fc.stringMatching(/^[A-Z]{2,5}(_USDC)?-(PERPETUAL|\d{1,2}(JAN|MAR|JUN|SEP|DEC)2\d(-\d{3,6}-[CP])?)$/);
const note = fc.option(fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim()).filter((s) => s !== ''), { nil: undefined });

const book = fc.record({
  name: fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim()).filter((s) => s !== ''),
  balances: fc.uniqueArray(fc.record({ currency: fc.constantFrom('BTC', 'ETH', 'USDC', 'SOL', 'USDT'), amount: decimal }), { selector: (b) => b.currency, maxLength: 5 }),
  positions: fc.uniqueArray(
    fc.record({ instrument, size: decimal, averagePrice: fc.option(decimal, { nil: undefined }), note }),
    { selector: (p) => p.instrument, maxLength: 40 },
  ),
}).map((b): PortfolioDto => ({
  id: '',
  name: b.name,
  balances: b.balances,
  positions: b.positions.map((p, i) => {
    const o: PortfolioDto['positions'][number] = { id: `r${i}`, instrument: p.instrument, size: p.size };
    if (p.averagePrice !== undefined) o.averagePrice = p.averagePrice;
    if (p.note !== undefined) o.note = p.note;
    return o;
  }),
}));

describe('export → import round trip (property)', () => {
  it('portfolio JSON: random books come back equal, decimals unchanged to the last digit', () => {
    fc.assert(fc.property(book, (b) => {
      const saved = store.portfolios.save(b);
      const original = store.portfolios.get(saved.id)!;
      const out = importPositions(store, exportPortfolioJson(original), { kind: 'json' }, {});
      expect(out.report.issues).toEqual([]);
      const back = store.portfolios.get(out.written!.id)!;
      expect({ ...back, id: '' }).toEqual({ ...original, id: '' });
    }), { numRuns: 150 });
  });

  it('positions CSV: random books come back equal through the generic mapping', () => {
    fc.assert(fc.property(book, (b) => {
      const saved = store.portfolios.save(b);
      const original = store.portfolios.get(saved.id)!;
      const out = importPositions(store, exportPositionsCsv(original), { kind: 'csv', format: 'generic', mapping: POSITIONS_CSV_MAPPING }, { name: 'csv copy' });
      if (original.positions.length === 0) {
        expect(out.report.issues.map((i) => i.code)).toEqual(['no-valid-rows']);
        return;
      }
      expect(out.report.issues).toEqual([]);
      const back = store.portfolios.get(out.written!.id)!;
      expect(back.positions.map(({ id: _id, ...p }) => p)).toEqual(original.positions.map(({ id: _id, ...p }) => p));
    }), { numRuns: 150 });
  });
});

describe('document export → import round trip (property)', () => {
  const digits = fc.tuple(fc.integer({ min: 1, max: 99999 }), fc.stringMatching(/^\d{0,25}$/)).map(([i, f]) => (f ? `${i}.${f}` : `${i}`));
  const expiry = fc.constantFrom('2026-03-27T08:00:00Z', '2026-06-26T08:00:00Z', '2026-12-25T08:00:00.000Z', '2027-03-26T08:00:00+00:00');
  const snapshotText = fc.tuple(
    fc.uniqueArray(fc.constantFrom('BTC', 'ETH', 'SOL', 'XRP'), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(expiry, digits), { maxLength: 4 }),
    fc.array(fc.tuple(expiry, digits, fc.stringMatching(/^0\.\d{0,19}[1-9]$/)), { maxLength: 6 }),
    fc.constantFrom('', ' ', '\n  '),
  ).map(([us, fwd, vols, ws]) => {
    const u = us.map((name) => {
      const f = [...new Map(fwd.map(([e, p]) => [e, p])).entries()].map(([e, p]) => `{"expiry":"${e}",${ws}"price":${p}}`);
      const v = [...new Map(vols.map(([e, k, s]) => [`${e}|${k}`, [e, k, s]])).values()].map(([e, k, s]) => `{"expiry":"${e}","strike":${k},"vol":${s}}`);
      return `"${name}":{"index":${fwd[0]?.[1] ?? '100.5'},${ws}"forwards":[${f.join(',')}],"vols":[${v.join(',')}]}`;
    });
    return `{"asOf":"2026-02-15T12:00:00Z",${ws}"underlyings":{${u.join(',')}}}`;
  });

  it('market snapshots come back byte for byte (every digit kept, even beyond float64)', () => {
    fc.assert(fc.property(snapshotText, (text) => {
      const out = importDocument(store, 'snapshot', text, { name: 'prop snapshot' });
      expect(out.report.issues).toEqual([]);
      expect(exportDocumentJson(store.marketSnapshots.get(out.written!.id, out.written!.revision)!)).toBe(text);
    }), { numRuns: 100 });
  });

  it('parameter sets come back byte for byte', () => {
    const params = fc.dictionary(fc.constantFrom('general', 'currency', 'currency_pair'), fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), fc.oneof(digits, fc.constantFrom('true', 'false', '"both"', 'null')), { minKeys: 1, maxKeys: 5 }), { minKeys: 1 })
      .map((o) => `{${Object.entries(o).map(([k, v]) => `"${k}": {${Object.entries(v).map(([a, b]) => `"${a}": ${b}`).join(', ')}}`).join(',\n')}}`);
    fc.assert(fc.property(params, (text) => {
      const out = importDocument(store, 'parameter-set', text, { name: 'prop params' });
      expect(out.report.issues).toEqual([]);
      expect(exportDocumentJson(store.parameterSets.get(out.written!.id, out.written!.revision)!)).toBe(text);
    }), { numRuns: 100 });
  });
});
