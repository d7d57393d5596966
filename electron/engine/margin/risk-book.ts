/**
 * A book over risk arrays: positions aggregated per instrument (sizes summed exactly as
 * decimals), and per-group (settlement currency × underlying) vectors = Σ size × row. Changing a
 * size re-sums only that group from the stored rows (same order as a full build, so incremental
 * and full recomputation agree to the last bit); adding an instrument prices only that row.
 */
import { Dec, toDecimalString, toFloat } from '../money';
import { exactScaledSum, POW10, scaledInt, scan } from './exact-sum';
import { IdTable } from './id-table';
import { groupKey, type MarginInstrument } from './margin-instrument';
import type { RiskArrays } from './risk-arrays';

/** One position in the book. */
export interface BookPosition {
  id: string;
  inst: MarginInstrument;
  /** The size as canonical decimal text (exact; explanations print it). */
  sizeText: string;
  /** `sizeText` as float64 (the kernel's view; correctly rounded). */
  sizeF: number;
  /** `sizeText` as an exact scaled integer `sn / 10^sdp` for exact row sums (`sn` NaN if not exact). */
  sn: number;
  sdp: number;
  row: number;
  /** Key of the position's group (`<currency>_<underlying>`). */
  groupKey: string;
}

/** The linear state of one group. */
export interface GroupState {
  key: string;
  settlementCurrency: string;
  underlying: string;
  /** Rows of instruments in this group, ascending. */
  rows: number[];
  vector: Float64Array;
}

/** Positions + risk arrays → group vectors, with incremental updates. */
export class RiskBook {
  /**
   * Positions in insertion order (a replaced position keeps its place, as in a `Map`); removed
   * ones leave a hole until the next `allPositions()` compacts. Indexed by id in `index`.
   */
  private slots: (BookPosition | undefined)[] = [];
  private holes = 0;
  private readonly index = new IdTable((s) => this.slots[s]!.id);
  /** Slots below this are in `index`; `addNew` appends without indexing (caught up on demand). */
  private indexed = 0;
  /** Positions per row (most rows hold one position), for slots below `rowsFrom`. */
  private readonly byRow: BookPosition[][] = [];
  /** Slots from here on were appended by `addNew` and are not yet in `byRow` (see syncRows). */
  private rowsFrom = 0;
  private rowSizes = new Float64Array(64);
  private readonly rowGroup: GroupState[] = [];
  private readonly groupMap = new Map<string, GroupState>();
  private readonly dirtyRows = new Set<number>();
  private readonly dirtyGroups = new Set<GroupState>();

  constructor(readonly arrays: RiskArrays) {}


  /**
   * Add or replace position `id`. `size` is an exact decimal or decimal text (already validated,
   * e.g. by `parseDecimal`). Prices the instrument if new.
   */
  set(id: string, inst: MarginInstrument, size: Dec | string, sizeText?: string): void {
    this.syncIndex();
    this.syncRows();
    const slot = this.index.get(id);
    const old = slot >= 0 ? this.slots[slot] : undefined;
    this.put(id, inst, size, sizeText, slot, old, true);
  }

  /**
   * Add position `id`, which the caller guarantees is not in the book (e.g. ids validated
   * unique by `parseMarginInput`): the same as `set` without the id lookup; the id index is
   * brought up to date only when an id is next looked up.
   */
  addNew(id: string, inst: MarginInstrument, size: Dec | string, sizeText?: string): void {
    this.put(id, inst, size, sizeText, -1, undefined, false);
  }

  /** Put positions appended by `addNew` into `byRow` (slot order, as `set` would have). */
  private syncRows(): void {
    const slots = this.slots;
    for (let s = this.rowsFrom; s < slots.length; s++) { const p = slots[s]; if (p) (this.byRow[p.row] ??= []).push(p); }
    this.rowsFrom = slots.length;
  }

  private syncIndex(): void {
    const slots = this.slots;
    if (this.indexed === slots.length) return;
    this.index.reserve(slots.length);
    for (let s = this.indexed; s < slots.length; s++) { const p = slots[s]; if (p) this.index.insert(p.id, s); }
    this.indexed = slots.length;
  }

  private put(id: string, inst: MarginInstrument, size: Dec | string, sizeText: string | undefined, slot: number, old: BookPosition | undefined, indexIt: boolean): void {
    const row = this.arrays.ensure(inst);
    if (row >= this.rowSizes.length) {
      const next = new Float64Array(Math.max(row + 1, this.rowSizes.length * 2));
      next.set(this.rowSizes);
      this.rowSizes = next;
    }
    let g = this.rowGroup[row];
    if (g === undefined) {
      g = this.group(inst);
      this.rowGroup[row] = g;
      insertSorted(g.rows, row);
    }
    const given = typeof size === 'string' ? size : sizeText;
    // One scan: canonical? exact scaled integer? Given canonical text is kept as is; anything
    // else is printed by toDecimalString. sizeF = sn / 10^sdp is the correctly rounded value
    // (exact integer ÷ exact power of ten), i.e. Number(text).
    let sn = given === undefined ? NaN : scaledInt(given);
    let text: string;
    if (given !== undefined && scan.canonical) text = given;
    else { text = toDecimalString(typeof size === 'string' ? new Dec(size) : size); sn = scaledInt(text); }
    const sdp = scan.dp;
    const p: BookPosition = { id, inst, sizeText: text, sizeF: Number.isNaN(sn) ? Number(text) : sn / POW10[sdp], sn, sdp, row, groupKey: g.key };
    if (old) {
      this.slots[slot] = p;
      if (old.row !== row) { removeFrom(this.byRow[old.row], old); this.dirtyRows.add(old.row); (this.byRow[row] ??= []).push(p); }
      else replaceIn(this.byRow[row], old, p);
    } else {
      if (indexIt) { this.index.insert(id, this.slots.length); this.indexed++; }
      // `set` has synced byRow (rowsFrom = length): keep it so; `addNew` leaves the slot pending.
      if (indexIt) { (this.byRow[row] ??= []).push(p); this.rowsFrom++; }
      this.slots.push(p);
    }
    this.dirtyRows.add(row);
  }

  /** Change the size of an existing position (touches one row and its group's sum). */
  setSize(id: string, size: Dec | string): void {
    const p = this.getPosition(id);
    if (!p) throw new Error(`unknown position ${id}`);
    this.set(id, p.inst, size);
  }

  /** Remove a position. */
  remove(id: string): void {
    this.syncIndex();
    this.syncRows();
    const slot = this.index.get(id);
    if (slot < 0) return;
    const p = this.slots[slot]!;
    this.index.remove(id);
    this.slots[slot] = undefined;
    this.holes++;
    removeFrom(this.byRow[p.row], p);
    this.dirtyRows.add(p.row);
  }

  /**
   * Bring row sizes and group vectors up to date: only rows whose positions changed are re-summed
   * (as decimals), and only their groups' vectors. Called by every reader.
   */
  flush(): void {
    if (this.dirtyRows.size === 0 && this.dirtyGroups.size === 0) return;
    if (this.rowsFrom === 0 && this.holes === 0 && this.slots.length > 0) this.bulkRowSizes();
    if (this.dirtyRows.size > 0) this.syncRows();
    for (const row of this.dirtyRows) {
      const ps = this.byRow[row] ?? [];
      if (ps.length === 1) this.rowSizes[row] = ps[0].sizeF;
      else this.rowSizes[row] = rowSum(ps);
      this.dirtyGroups.add(this.rowGroup[row]);
    }
    this.dirtyRows.clear();
    for (const g of this.dirtyGroups) this.resum(g);
    this.dirtyGroups.clear();
  }

  /**
   * A book over `arrays` — the same instruments in the same row order, typically priced at
   * another market — with this book's aggregated row sizes and groups and no positions (for
   * margins only: vectors, IM/MM; not marginal margin or explanations). Its vectors are summed
   * from its own rows in the one summation order, so they equal a full build at that market.
   */
  sizesOver(arrays: RiskArrays): RiskBook {
    this.flush();
    if (arrays.nScen !== this.arrays.nScen || arrays.size < this.arrays.size) throw new Error('sizesOver: arrays do not hold this book\'s rows');
    const b = new RiskBook(arrays);
    b.rowSizes = this.rowSizes.slice();
    for (const g of this.groupMap.values()) {
      const ng: GroupState = { key: g.key, settlementCurrency: g.settlementCurrency, underlying: g.underlying, rows: g.rows.slice(), vector: new Float64Array(arrays.nScen) };
      b.groupMap.set(g.key, ng);
      for (const r of g.rows) b.rowGroup[r] = ng;
      b.dirtyGroups.add(ng);
    }
    return b;
  }

  /**
   * Row sizes of a book loaded only by `addNew` (no `byRow` yet), in two passes over the slots
   * with no per-row lists: the same values as `rowSum` (the correctly rounded exact sum; rows
   * that do not fit the scaled-integer path are left dirty for it).
   */
  private bulkRowSizes(): void {
    const nRows = this.arrays.size;
    const count = new Int32Array(nRows);
    const dp = new Int8Array(nRows);
    const bad = new Uint8Array(nRows);
    const single = new Float64Array(nRows);
    const sum = new Float64Array(nRows);
    const slots = this.slots as BookPosition[];
    for (let s = 0; s < slots.length; s++) {
      const p = slots[s];
      const r = p.row;
      if (count[r]++ === 0) single[r] = p.sizeF;
      if (Number.isNaN(p.sn)) bad[r] = 1;
      else if (p.sdp > dp[r]) dp[r] = p.sdp;
    }
    for (let s = 0; s < slots.length; s++) {
      const p = slots[s];
      const r = p.row;
      if (bad[r] === 1 || count[r] === 1) continue;
      const t = p.sn * POW10[dp[r] - p.sdp];
      const x = sum[r] + t;
      if (!Number.isSafeInteger(t) || !Number.isSafeInteger(x)) bad[r] = 1;
      else sum[r] = x;
    }
    const done: number[] = [];
    for (const row of this.dirtyRows) {
      if (row >= nRows || (bad[row] === 1 && count[row] > 1)) continue;
      this.rowSizes[row] = count[row] === 1 ? single[row] : sum[row] / POW10[dp[row]];
      this.dirtyGroups.add(this.rowGroup[row]);
      done.push(row);
    }
    for (const row of done) this.dirtyRows.delete(row);
  }

  /** All positions in insertion order (a snapshot). */
  allPositions(): BookPosition[] {
    if (this.holes > 0) {
      this.syncRows();
      this.slots = this.slots.filter((p) => p !== undefined);
      this.holes = 0;
      this.index.reset(this.slots.length);
      this.indexed = this.slots.length;
    }
    return this.slots.slice() as BookPosition[];
  }

  /** A position by id. */
  getPosition(id: string): BookPosition | undefined {
    this.syncIndex();
    const s = this.index.get(id);
    return s < 0 ? undefined : this.slots[s];
  }

  /** Groups in key order. */
  groups(): GroupState[] { this.flush(); return [...this.groupMap.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); }

  /** A group by key. */
  getGroup(key: string): GroupState | undefined { this.flush(); return this.groupMap.get(key); }

  /** Aggregated float size of row `r` (exact decimal sum of its positions, then float64). */
  rowSize(r: number): number { this.flush(); return this.rowSizes[r] ?? 0; }

  private group(inst: MarginInstrument): GroupState {
    const key = groupKey(inst);
    let g = this.groupMap.get(key);
    if (!g) {
      g = { key, settlementCurrency: inst.groupCurrency ?? inst.settlementCurrency, underlying: inst.underlying, rows: [], vector: new Float64Array(this.arrays.nScen) };
      this.groupMap.set(key, g);
    }
    return g;
  }

  /** Recompute a group's vector from its rows in ascending order (the one summation order). */
  private resum(g: GroupState): void {
    const n = this.arrays.nScen;
    const v = g.vector;
    v.fill(0);
    const data = this.arrays.rawData();
    for (const r of g.rows) {
      const q = this.rowSizes[r];
      if (q === 0) continue;
      const off = r * n;
      for (let s = 0; s < n; s++) v[s] += q * data[off + s];
    }
  }
}

function removeFrom(ps: BookPosition[] | undefined, p: BookPosition): void {
  if (!ps) return;
  const i = ps.indexOf(p);
  if (i >= 0) ps.splice(i, 1);
}

function replaceIn(ps: BookPosition[], old: BookPosition, p: BookPosition): void {
  ps[ps.indexOf(old)] = p;
}

/**
 * Exact float64 of the decimal sum of the positions' sizes: scaled integers while every term
 * and partial sum stays below 2^53 (one correctly rounded division at the end), else decimal.js.
 * Both give the correctly rounded value of the exact sum, whatever the order.
 */
function rowSum(ps: readonly BookPosition[]): number {
  const s = exactScaledSum(ps);
  if (s !== null) return s;
  let sum = new Dec(0);
  for (const p of ps) sum = sum.plus(p.sizeText);
  return toFloat(sum);
}

function insertSorted(a: number[], x: number): void {
  let i = a.length;
  while (i > 0 && a[i - 1] > x) i--;
  a.splice(i, 0, x);
}
