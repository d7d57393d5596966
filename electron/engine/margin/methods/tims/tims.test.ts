import { describe, expect, it } from 'vitest';
import { flatMarket } from '../../flat-market';
import { ParamsError } from '../../params';
import { runMargin } from '../../registry';
import { TIMS_ID } from './id';
import { valuationMoves } from './scenario-template';
import { resolveTimsParams } from './tims-params';

const AS_OF = Date.UTC(2026, 10, 24, 8);
const flat = (index: Record<string, number>, vol = 0.5) => flatMarket(AS_OF, index, vol);
const run = (positions: { instrument: string; size: string }[], params?: unknown, m = flat({ BTC: 100_000, ETH: 4000 })) =>
  runMargin({ methodId: TIMS_ID, portfolio: { name: 't', positions }, snapshot: m, params, account: false });

describe('tims', () => {
  it('10 equidistant points: ±15 % in 3 % steps, +6/−8 % in 1.2/1.6 % steps', () => {
    expect(valuationMoves(0.15, 0.15, 10).map((m) => Math.round(m * 1e6) / 1e4)).toEqual([-15, -12, -9, -6, -3, 3, 6, 9, 12, 15]);
    expect(valuationMoves(0.08, 0.06, 10).map((m) => Math.round(m * 1e6) / 1e4)).toEqual([-8, -6.4, -4.8, -3.2, -1.6, 1.2, 2.4, 3.6, 4.8, 6]);
  });

  it('hand-worked: 1 BTC perpetual at 100,000, ±15 % → 15,000', () => {
    // Worst point −15 %: 1 × 100,000 × −0.15 = −15,000; minimum 0.375 × 1 unit = 0.375.
    const r = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }]);
    expect(r.byCurrency.USD.initialMargin).toBe('15000');
    expect(r.byCurrency.USD.maintenanceMargin).toBe('15000');
    expect(r.byCurrency.USD.bindingScenario?.move).toBeCloseTo(-0.15, 12);
  });

  it('a product class per underlying: an index-like class (+6/−8 %) for ETH', () => {
    // Short 25 ETH at 4,000: worst point +6 %: 25 × 4,000 × 0.06 = 6,000.
    const r = run([{ instrument: 'ETH_USDC-PERPETUAL', size: '-25' }], { classOf: { ETH: 'highCapIndex' } });
    expect(r.byCurrency.USD.initialMargin).toBe('6000');
  });

  it('hand-worked product-group offset: long 1 BTC against short 25 ETH', () => {
    // Both move by the same point: at −15 % BTC −15,000, ETH +15,000. Separately: 15,000 + 15,000.
    expect(run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '-25' }]).byCurrency.USD.initialMargin).toBe('30000');
    // In one product group with a 50 % offset: −15,000 + 0.5 × 15,000 = −7,500 at either end.
    const r = run([{ instrument: 'BTC_USDC-PERPETUAL', size: '1' }, { instrument: 'ETH_USDC-PERPETUAL', size: '-25' }], { productGroups: [{ id: 'crypto', classGroups: ['BTC', 'ETH'], offset: 0.5 }] });
    expect(r.byCurrency.USD.initialMargin).toBe('7500');
  });

  it('the per-contract minimum: margin-methods.md §5 AMZN split example, 20,000 contracts × $37.50 = $750,000', () => {
    // 5,000 put butterflies 1400/1380/1360 (×100 multiplier = 500,000 units per leg: 500k, −1M, 500k = 2,000,000 units),
    // deep out of the money (underlying at 2,000): the scenario loss is at most the flies' small value, so
    // the minimum binds: 0.375 × 2,000,000 = 750,000.
    const m = flat({ BTC: 2000 }, 0.4);
    const r = run([
      { instrument: 'BTC-25DEC26-1400-P', size: '500000' }, { instrument: 'BTC-25DEC26-1380-P', size: '-1000000' }, { instrument: 'BTC-25DEC26-1360-P', size: '500000' },
    ], undefined, m);
    const u = r.byCurrency.USD;
    expect(u.initialMargin).toBe('750000');
    expect(Number(u.addOns.scenarioLoss)).toBeLessThan(20_000);
    expect(r.notes.some((n) => n.includes('per-contract minimum binds'))).toBe(true);
  });

  it('IM = MM ≥ 0, add-ons sum to IM, scaling by 2 doubles IM, an exact hedge is 0', () => {
    const book = [
      { instrument: 'BTC-25DEC26-100000-C', size: '-2' }, { instrument: 'BTC-25DEC26-90000-P', size: '1.5' },
      { instrument: 'ETH_USDC-PERPETUAL', size: '3' }, { instrument: 'BTC-PERPETUAL', size: '-50000' },
    ];
    const p = { volShifts: [-0.05, 0, 0.05] };
    const u = run(book, p).byCurrency.USD;
    const im = Number(u.initialMargin);
    expect(u.maintenanceMargin).toBe(u.initialMargin);
    expect(im).toBeGreaterThan(0);
    expect(Number(u.addOns.scenarioLoss) + Number(u.addOns.perContractMinimum)).toBeCloseTo(im, 9);
    expect(u.groups[0].vector).toHaveLength(30);
    expect(Number(run(book.map((x) => ({ ...x, size: String(2 * Number(x.size)) })), p).byCurrency.USD.initialMargin)).toBeCloseTo(2 * im, 4);
    expect(Number(run([...book, ...book.map((x) => ({ ...x, size: String(-Number(x.size)) }))], p).byCurrency.USD.initialMargin)).toBe(0);
  });

  it('a bad parameter set reports every bad field at once', () => {
    try {
      resolveTimsParams({ valuationPoints: 7, classOf: { BTC: 'nope' }, productClasses: { other: { down: 1.5, up: 'x' } }, productGroups: [{ classGroups: ['BTC'], offset: 2 }], perUnitMinimum: -1, what: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParamsError);
      const pr = (e as ParamsError).problems.join('\n');
      for (const f of ['valuationPoints', 'classOf.BTC', 'productClasses.other.down', 'productClasses.other.up', 'productGroups[0].offset', 'perUnitMinimum', 'what']) expect(pr).toContain(f);
    }
  });
});
