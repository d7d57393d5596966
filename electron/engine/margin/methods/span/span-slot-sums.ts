/**
 * span's per-slot sums over the revalued entries (run-span.ts `evaluateSpan`: each (cc, tier)
 * slot's Σ size × delta from its start value, and each cc's option value Σ size × value), in one
 * summation order: the entries cut into blocks of `SLOT_BLOCK` consecutive entries, block 0's
 * partials summed entry by entry from the start values, every later block's from +0, then each
 * slot's partials added block by block onto block 0's.
 *
 * Why blocks: float addition is not associative, so a session's size edit (spanSessionFill
 * replaces the edited entries in the kept build) could only reproduce a fresh run's bits by
 * re-adding every entry after it — 20,000 per edit on the bench book (issue 10). With blocks an
 * edit re-sums the blocks whose entries changed, found by entry identity (entries are never
 * changed once made), and adds the partials; a fresh run sums the same blocks the same way, so
 * session and fresh figures stay identical to the last bit.
 *
 * A book of at most `SLOT_BLOCK` entries is block 0 alone: the plain running sum from the start
 * values in entry order, the order used before blocks (small books keep their figures bit for bit).
 */

/** Entries per block. */
export const SLOT_BLOCK = 64;

/** The partials of the last sums over one entries array at one key (see `SlotSums.sums`). */
interface Kept { entries: readonly object[]; key: unknown; start: Float64Array; seen: object[]; partials: Float64Array[] }

/** Block partials kept between sums of one build's entries (one per build; a fresh run makes its own). */
export class SlotSums {
  private kept: Kept | undefined;

  /**
   * The sums of `entries` (width `start.length`): `add(out, i)` adds entry i's terms into `out`.
   * `key` names everything else the terms read (e.g. the arrays and the as-of time): with the
   * same entries array and key, only blocks whose entries differ by identity are re-summed.
   */
  sums(entries: readonly object[], start: ArrayLike<number>, add: (out: Float64Array, i: number) => void, key: unknown): Float64Array {
    const n = entries.length, w = start.length;
    const nb = Math.max(1, Math.ceil(n / SLOT_BLOCK));
    let k = this.kept;
    const block = (b: number): Float64Array => {
      const out = b === 0 ? Float64Array.from(start) : new Float64Array(w);
      for (let i = b * SLOT_BLOCK, to = Math.min(n, (b + 1) * SLOT_BLOCK); i < to; i++) add(out, i);
      return out;
    };
    let sameStart = k !== undefined && k.start.length === w;
    for (let j = 0; sameStart && j < w; j++) if (!Object.is(k!.start[j], start[j])) sameStart = false;
    if (!k || !sameStart || k.entries !== entries || k.key !== key || k.seen.length !== n) {
      k = { entries, key, start: Float64Array.from(start), seen: entries.slice(), partials: new Array<Float64Array>(nb) };
      for (let b = 0; b < nb; b++) k.partials[b] = block(b);
      this.kept = k;
    } else {
      const seen = k.seen;
      for (let b = 0; b < nb; b++) {
        let changed = false;
        for (let i = b * SLOT_BLOCK, to = Math.min(n, (b + 1) * SLOT_BLOCK); i < to; i++) if (seen[i] !== entries[i]) { seen[i] = entries[i]; changed = true; }
        if (changed) k.partials[b] = block(b);
      }
    }
    const acc = k.partials[0].slice();
    for (let b = 1; b < nb; b++) {
      const p = k.partials[b];
      for (let j = 0; j < w; j++) acc[j] += p[j];
    }
    return acc;
  }
}
