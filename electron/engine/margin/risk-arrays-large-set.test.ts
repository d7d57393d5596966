/**
 * Scenario sets of more than 256 scenarios (historical days) find their distinct moves through a
 * Map kept beside the set instead of a quadratic scan (`fillMoves`): the rows must be the same bits
 * as the same scenarios priced in sets small enough for the scan, for options (call/put pairs and
 * single), futures and perpetuals, both smiles' sticky-strike path, settlement and USD rows, and
 * for shifted copies (`shiftedCopy`, which plans through the same tables).
 */
import { describe, expect, it } from 'vitest';
import { parseMarketSnapshot } from '../market-data';
import type { Scenario, ScenarioSet } from '../scenarios/scenario-types';
import { shiftedMarket } from './account-view';
import { resolveMarginInstrument } from './instrument-adapter';
import { RiskArrays } from './risk-arrays';
import { prng, syntheticMarket } from './synthetic-book';

const syn = syntheticMarket(['BTC', 'ETH'], 60);
const market = parseMarketSnapshot(syn.market);
const insts = [...syn.options, ...syn.deltaOne].map(resolveMarginInstrument);
const rnd = prng(11);
// 600 scenarios, some moves repeated (every 7th reuses an earlier one), some vol shocks.
const scenarios: Scenario[] = [];
for (let s = 0; s < 600; s++) {
  const m = s % 7 === 6 ? scenarios[s - 3].shocks.BTC.move : (rnd() - 0.5) * 0.4;
  const vol = s % 5 === 0 ? { kind: 'relative' as const, factor: 0.1 } : { kind: 'none' as const };
  scenarios.push({ id: `d${s}`, label: `d${s}`, table: 'custom', shocks: { BTC: { move: m, vol }, ETH: { move: -m / 2, vol } } });
}
const set = (sc: Scenario[]): ScenarioSet => ({ id: 't', name: 't', version: '1', smile: 'sticky-strike', scenarios: sc });
const chunks = [0, 200, 400].map((a) => set(scenarios.slice(a, a + 200)));

function rowsOf(a: RiskArrays): Float64Array[] {
  return insts.map((i) => a.row(a.rowIndex(i.symbol)).slice());
}

describe('large scenario sets (> 256 scenarios)', () => {
  for (const currency of ['settlement', 'usd'] as const) {
    it(`rows equal the same scenarios priced in small sets, bit for bit (${currency})`, () => {
      const big = new RiskArrays(set(scenarios), market, currency);
      big.ensureAll(insts);
      const small = chunks.map((c) => { const a = new RiskArrays(c, market, currency); a.ensureAll(insts); return rowsOf(a); });
      rowsOf(big).forEach((row, k) => {
        const ref = Float64Array.from([...small[0][k], ...small[1][k], ...small[2][k]]);
        expect(Buffer.from(row.buffer).equals(Buffer.from(ref.buffer)), insts[k].symbol).toBe(true);
      });
      // A shifted copy equals a fresh build at the shifted market.
      const mk = shiftedMarket(market, 'BTC', 0.03);
      const copy = big.shiftedCopy(mk, 'BTC', 1.03);
      const fresh = new RiskArrays(set(scenarios), mk, currency);
      fresh.ensureAll(insts);
      rowsOf(copy).forEach((row, k) => expect(Array.from(row)).toEqual(Array.from(fresh.row(fresh.rowIndex(insts[k].symbol)))));
    });
  }
});
