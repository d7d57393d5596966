/**
 * `halfEvenText` (half-even-text.ts) of every entry of a scenario vector, with the texts of the
 * owner's last call reused where the float at that place is the same: the text is a function of
 * the float and the decimals, and a session's size edit leaves most vectors (every group but the
 * edited one's) as they were — hvar prints 1,000 figures per group vector and the book's on every
 * explained run (issue 10). The owner is an object kept across a session's runs (a group, a
 * build); a fresh run's owners are new, so it prints every figure.
 */
import { halfEvenText } from './half-even-text';

interface Kept { floats: Float64Array; dp: number; texts: string[] }

const KEPT = new WeakMap<object, Map<string, Kept>>();

/** The texts of `v` at `dp` decimals (`slot` names the vector among the owner's). */
export function vectorTexts(owner: object, slot: string, v: ArrayLike<number>, dp: number): string[] {
  let byOwner = KEPT.get(owner);
  if (!byOwner) { byOwner = new Map(); KEPT.set(owner, byOwner); }
  const last = byOwner.get(slot);
  const n = v.length;
  const floats = Float64Array.from(v);
  const texts = new Array<string>(n);
  const reuse = last !== undefined && last.dp === dp;
  for (let i = 0; i < n; i++) texts[i] = reuse && i < last.floats.length && Object.is(last.floats[i], floats[i]) ? last.texts[i] : halfEvenText(floats[i], dp);
  byOwner.set(slot, { floats, dp, texts });
  return texts;
}
