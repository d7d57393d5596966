/**
 * `span`'s scenario set: one scenario per scan point of the parameter set (never hard-coded),
 * per combined commodity (underlying) a relative move of `price · priceScanRange`, an absolute
 * vol shift of `vol · volScanRange` and the point's `weight` as P&L weight (§4.2: scenarios
 * 15/16 count a fraction of the loss). Underlyings without their own entry take `*`.
 */
import type { Scenario, ScenarioSet, UnderlyingShock } from '../../../scenarios/scenario-types';
import { ccParams, scanMoves, type CombinedCommodityParams, type SpanParams } from './span-params';
import { SPAN_ID } from './id';

function shock(cc: CombinedCommodityParams, price: number, vol: number, weight: number): UnderlyingShock {
  return { move: price * cc.priceScanRange, vol: vol === 0 ? { kind: 'none' } : { kind: 'absolute', shift: vol * cc.volScanRange }, pnlWeight: weight };
}

/** Label of a scan point: `+1/3 vol up`, `−2 ×0.35`. */
export function scanLabel(price: number, vol: number, weight: number): string {
  const p = Math.abs(price) < 1e-12 ? '0' : `${price > 0 ? '+' : '−'}${fraction(Math.abs(price))}`;
  const v = vol > 0 ? ' vol up' : vol < 0 ? ' vol down' : '';
  return `price ${p}${v}${weight !== 1 ? ` ×${weight}` : ''}`;
}

function fraction(x: number): string {
  for (const d of [1, 2, 3, 4, 6]) { const n = Math.round(x * d); if (Math.abs(n / d - x) < 1e-12) return d === 1 ? `${n}` : `${n}/${d}`; }
  return String(x);
}

/** The scan points of `p` as a scenario set over `underlyings` (others use the `*` rates). */
export function spanScenarioSet(p: SpanParams, underlyings: readonly string[]): ScenarioSet {
  const star = ccParams(p, '*');
  const scenarios: Scenario[] = p.scanPoints.map((s) => {
    const { price, vol } = scanMoves(s);
    const shocks: Record<string, UnderlyingShock> = {};
    for (const u of underlyings) shocks[u] = shock(ccParams(p, u), price, vol, s.weight);
    return {
      id: `scan-${s.point}`, label: scanLabel(price, vol, s.weight), table: s.weight === 1 ? 'standard' : 'extended',
      shocks, defaultShock: shock(star, price, vol, s.weight), bucket: s.point, volState: vol > 0 ? 'up' : vol < 0 ? 'down' : 'same',
    };
  });
  return { id: SPAN_ID, name: `${p.name} scan points`, version: p.version, smile: 'sticky-strike', scenarios };
}
