/**
 * The top N positions by |P&L in the binding scenario| of a 20,000-row book without sorting it:
 * a bounded min-heap keyed on magnitude, O(m log N) for m rows, N entries of memory. The explain
 * panel's contribution bars use it (a full sort of every row per edit cost more than the edit).
 */

/** The `n` items of largest `magnitude`, largest first (ties keep the earlier item first). */
export function topByMagnitude<T>(items: Iterable<T>, n: number, magnitude: (t: T) => number): T[] {
  if (n <= 0) return [];
  // heap[0] is the smallest kept; `order` breaks ties so the earlier item wins, as a stable sort.
  const heap: { item: T; mag: number; order: number }[] = [];
  const less = (a: { mag: number; order: number }, b: { mag: number; order: number }) => a.mag < b.mag || (a.mag === b.mag && a.order > b.order);
  const swap = (i: number, j: number) => { const t = heap[i]!; heap[i] = heap[j]!; heap[j] = t; };
  let order = 0;
  for (const item of items) {
    const mag = magnitude(item);
    if (!Number.isFinite(mag)) { order++; continue; }
    const node = { item, mag, order: order++ };
    if (heap.length < n) {
      heap.push(node);
      for (let i = heap.length - 1; i > 0;) {
        const p = (i - 1) >> 1;
        if (!less(heap[i]!, heap[p]!)) break;
        swap(i, p); i = p;
      }
    } else if (less(heap[0]!, node)) {
      heap[0] = node;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        swap(i, m); i = m;
      }
    }
  }
  return heap.sort((a, b) => (less(a, b) ? 1 : less(b, a) ? -1 : 0)).map((x) => x.item);
}
