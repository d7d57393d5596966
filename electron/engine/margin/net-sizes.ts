/**
 * Net size of each instrument over a book's positions: the float64 of the exact decimal sum of
 * its positions' sizes — the value `Σ size` in decimal.js then `.toNumber()` gives — without
 * building a decimal per position where the sizes' own texts are exact (exact-sum.ts: scaled
 * integers below 2^53, one correctly rounded division). A single position's net size is its own
 * float (`sizeNumber`). Anything else (a size not exactly scaled, a sum past 2^53) goes through
 * decimal.js as before, so the result is the same float either way.
 */
import type { Dec } from '../money';
import { exactScaledSum, scaledInt, scan } from './exact-sum';
import { exactSizeText, sizeNumber, type MarginPosition } from './margin-input';

/** The float64 of the exact sum of `ps`' sizes (`ps` not empty). */
export function netSizeOf(ps: readonly MarginPosition[]): number {
  if (ps.length === 1) return sizeNumber(ps[0]);
  const fast = scaledNet(ps);
  if (fast !== null) return fast;
  let t: Dec = ps[0].size;
  for (let j = 1; j < ps.length; j++) t = t.plus(ps[j].size);
  return t.toNumber();
}

/** Every instrument's net size (`netSizeOf` of its positions), keyed by symbol. */
export function netSizes(positions: readonly MarginPosition[]): Map<string, number> {
  const bySym = new Map<string, MarginPosition[]>();
  for (const x of positions) { const l = bySym.get(x.inst.symbol); if (l) l.push(x); else bySym.set(x.inst.symbol, [x]); }
  const out = new Map<string, number>();
  for (const [sym, ps] of bySym) out.set(sym, netSizeOf(ps));
  return out;
}

/** The exact sum through exact-sum.ts's scaled integers, or null where it falls back (a text not scaled, a copy's changed size, past 2^53). */
function scaledNet(ps: readonly MarginPosition[]): number | null {
  const scaled = new Array<{ sn: number; sdp: number }>(ps.length);
  for (let j = 0; j < ps.length; j++) {
    const t = exactSizeText(ps[j]);
    if (t === undefined) return null;
    scaled[j] = { sn: scaledInt(t), sdp: scan.dp };
  }
  return exactScaledSum(scaled);
}
