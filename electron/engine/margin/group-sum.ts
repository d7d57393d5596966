/**
 * The one summation order of a group vector (risk-book.ts, and sums that must equal it): the
 * terms size_r × row_r of the group's rows with a non-zero size, rows ascending, taken in blocks
 * of `GROUP_BLOCK` consecutive terms — each block's partial summed term by term from +0, then the
 * partials added block by block from +0.
 *
 * Why blocks: float addition is not associative, so a size edit can only reproduce a fresh
 * build's bits by re-adding, in the same order, everything the edited term feeds. With one
 * running sum that is every row after it (issue 10: hvar's 667 rows × 1,000 scenarios per group,
 * 1.4 ms per edit); with blocks it is the edited term's block and the partials (32 + 21 rows on
 * that book), the other partials kept bit for bit. A fresh build sums the same blocks the same
 * way, so incremental and fresh vectors stay identical to the last bit.
 *
 * Why over non-zero terms only: a zero size adds nothing, and a kept book may hold rows a fresh
 * build does not (an instrument no longer held, its size 0: margin-session.ts keeps such books);
 * blocks counted over rows would then cut the same terms differently. Over the non-zero terms the
 * vector is a function of those terms in order alone, as the plain running sum was.
 *
 * A group of at most `GROUP_BLOCK` terms is one block, and +0 + partial = partial (a running sum
 * from +0 is never -0), so its vector is the plain running sum, the order used before blocks:
 * small books (the published examples, the tests' books) keep their figures bit for bit.
 */

/** Terms per block. */
export const GROUP_BLOCK = 32;

/**
 * One group's vector with its block partials kept between sums: `sum` re-sums only the blocks
 * whose terms (rows and sizes) differ from the last sum's, found by comparing them (O(rows), no
 * bookkeeping by the caller); any change of which rows have a non-zero size sums in full.
 */
export class GroupSum {
  /** Block b's partial at `b * n`; undefined unless the last sum had more than one block. */
  private partials: Float64Array | undefined;
  /** The last sum's terms: rows and sizes (first `count` entries). */
  private termRows = new Int32Array(0);
  private termSizes = new Float64Array(0);
  private count = -1;
  private nextRows = new Int32Array(0);
  private nextSizes = new Float64Array(0);

  /** Write the group vector into `v` (length `n`): rows `rows` (ascending) with sizes `sizes[r]` over `data` (row r at `r * n`). */
  sum(v: Float64Array, rows: readonly number[], sizes: Float64Array, data: Float64Array, n: number): void {
    if (this.nextRows.length < rows.length) { this.nextRows = new Int32Array(rows.length); this.nextSizes = new Float64Array(rows.length); }
    const tr = this.nextRows, tq = this.nextSizes;
    let m = 0;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      const q = sizes[r];
      if (q !== 0) { tr[m] = r; tq[m] = q; m++; }
    }
    const nb = Math.ceil(m / GROUP_BLOCK);
    if (nb <= 1) {
      this.partials = undefined;
      this.count = -1;
      termsInto(v, 0, tr, tq, 0, m, data, n);
      return;
    }
    let p = this.partials;
    const pr = this.termRows, pq = this.termSizes;
    let same = p !== undefined && this.count === m;
    for (let k = 0; same && k < m; k++) if (pr[k] !== tr[k]) same = false;
    if (p === undefined || p.length !== nb * n) p = this.partials = new Float64Array(nb * n);
    for (let b = 0; b < nb; b++) {
      const from = b * GROUP_BLOCK, to = Math.min(m, from + GROUP_BLOCK);
      let changed = !same;
      for (let k = from; !changed && k < to; k++) if (pq[k] !== tq[k]) changed = true;
      if (changed) termsInto(p, b * n, tr, tq, from, to, data, n);
    }
    // The terms just summed become the kept ones (the buffers swap).
    this.termRows = tr; this.termSizes = tq; this.nextRows = pr; this.nextSizes = pq;
    this.count = m;
    v.fill(0);
    for (let b = 0; b < nb; b++) {
      const o = b * n;
      for (let s = 0; s < n; s++) v[s] += p[o + s];
    }
  }
}

/**
 * The vector of terms `t = 0 … m-1` in the one summation order (the file comment), for sums whose
 * row values are not a stored row (e.g. deribit-pm's sweep points, columns × weights):
 * `add(out, o, t)` adds term t (size × row values) into `out[o … o+n)`. The caller passes only
 * the non-zero-size terms, in row order.
 */
export function sumTermsInBlocks(v: Float64Array, n: number, m: number, add: (out: Float64Array, o: number, t: number) => void): void {
  v.fill(0);
  if (m <= GROUP_BLOCK) { for (let t = 0; t < m; t++) add(v, 0, t); return; }
  const partial = new Float64Array(n);
  for (let from = 0; from < m; from += GROUP_BLOCK) {
    partial.fill(0);
    const to = Math.min(m, from + GROUP_BLOCK);
    for (let t = from; t < to; t++) add(partial, 0, t);
    for (let s = 0; s < n; s++) v[s] += partial[s];
  }
}

/** `out[o … o+n)` = the running sum from +0 of size × row over terms `from … to-1`. */
function termsInto(out: Float64Array, o: number, tr: Int32Array, tq: Float64Array, from: number, to: number, data: Float64Array, n: number): void {
  out.fill(0, o, o + n);
  for (let k = from; k < to; k++) {
    const q = tq[k];
    const off = tr[k] * n;
    for (let s = 0; s < n; s++) out[o + s] += q * data[off + s];
  }
}
