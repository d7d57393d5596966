/**
 * Sensitivity under every registered method: a position's "up" step equals a fresh run of the
 * book with that position's size moved by the step (a copy that kept the old size text was
 * margined at the old size by the methods that read it: tims answered 0 for every position).
 */
import { describe, expect, it } from 'vitest';
import { Dec } from '../money';
import { MARGIN_METHODS, runMargin } from './registry';
import { WhatIf } from './what-if';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoPortfolio from '../../service/demo/demo-portfolio.json';
// eslint-disable-next-line no-restricted-imports -- test data only (read-only JSON)
import demoMarket from '../../service/demo/demo-market.json';

const portfolio = JSON.parse(JSON.stringify(demoPortfolio)) as { name: string; positions: { instrument: string; size: string }[] };
const market = JSON.parse(JSON.stringify(demoMarket));

describe('what-if sensitivity: every method, equal to fresh runs at the moved size', () => {
  for (const methodId of Object.keys(MARGIN_METHODS)) {
    it(methodId, () => {
      const rows = new WhatIf(portfolio, market).sensitivity(methodId, '0.5');
      const base = new Dec(runMargin({ methodId, portfolio, snapshot: market, account: false }).totals.initialMarginUsd);
      // Two positions: the first (a BTC option) and the last; each checked against a fresh run.
      for (const k of [0, portfolio.positions.length - 1]) {
        const p = portfolio.positions[k];
        const row = rows[k]!; // one row per position, in book order
        expect(row.instrument).toBe(p.instrument);
        const moved = { ...portfolio, positions: portfolio.positions.map((q, j) => (j === k ? { ...q, size: new Dec(q.size).times('1.5').toFixed() } : q)) };
        const fresh = new Dec(runMargin({ methodId, portfolio: moved, snapshot: market, account: false }).totals.initialMarginUsd);
        expect(Number(row.up.initialMarginUsd)).toBeCloseTo(fresh.minus(base).toNumber(), 2);
      }
      // And not every position is answered 0 (a moved size changes some requirement).
      expect(rows.some((r) => Number(r.up.initialMarginUsd) !== 0)).toBe(true);
    });
  }
});
