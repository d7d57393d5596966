import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../db';
import { tempDbPath } from '../db/test-helpers';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';
import { exportPortfolioJson, exportPositionsCsv, importPositions, POSITIONS_CSV_MAPPING } from './index';

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
