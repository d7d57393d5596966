/**
 * A parsed position's size as float64 (`p.size.toNumber()`), computed once per position object: an
 * incremental session (book-session.ts) hands a method the same position objects run after run,
 * and decimal.js's `toNumber` (a string round trip) is the largest per-position cost of re-reading a
 * 20,000-row book. Position objects are not changed after parsing (copies with another size are
 * new objects), so the value stays the size's.
 */
import type { MarginPosition } from './margin-input';

const floats = new WeakMap<MarginPosition, number>();

/** `p.size.toNumber()`, memoised per position object. */
export function sizeFloat(p: MarginPosition): number {
  let f = floats.get(p);
  if (f === undefined) { f = p.size.toNumber(); floats.set(p, f); }
  return f;
}
