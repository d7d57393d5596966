/**
 * A book over risk arrays: positions aggregated per instrument (sizes summed exactly as
 * decimals), and per-group (settlement currency × underlying) vectors = Σ size × row. Changing a
 * size re-sums only that row's block of the group and the group's block partials (group-sum.ts:
 * the one summation order, that of a full build too, so incremental and full recomputation agree
 * to the last bit); adding an instrument prices only that row.
 */
import { Dec, toDecimalString, toFloat } from '../money';
import { exactScaledSum, POW10, scaledInt, scan } from './exact-sum';
import { GroupSum } from './group-sum';
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

/**
 * Positions as parallel columns (index i = the i-th position in insertion order), for the
 * per-position passes of a large book (marginal margin, explanation) without an object per
 * position. `position(i)` gives the `BookPosition` (built on demand when the book holds columns).
 */
export interface PositionColumns {
  readonly count: number;
  /** Id, instrument and size text of position i. */
  id(i: number): string;
  inst(i: number): MarginInstrument;
  sizeText(i: number): string;
  /** Sizes as float64 (length ≥ count). */
  readonly sizeF: Float64Array;
  /** Rows (length ≥ count). */
  readonly rows: Int32Array;
  position(i: number): BookPosition;
}

/** A position as a list given to `RiskBook.expect` holds it (e.g. a parsed `MarginPosition`). */
export interface SourcePosition {
  readonly id: string;
  readonly inst: MarginInstrument;
  readonly sizeText?: string;
}

/** The linear state of one group. */
export interface GroupState {
  key: string;
  settlementCurrency: string;
  underlying: string;
  /** Rows of instruments in this group, ascending. */
  rows: number[];
  vector: Float64Array;
  /** +1 each time the vector is re-summed (a row of the group changed): lets callers reuse what they derived from an unchanged group. */
  revision: number;
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
  /** Rows `put` has added to `dirtyRows` since they were last cleared (a subset of it; saves a Set add per position). */
  private dirtyMark = new Uint8Array(64);
  private readonly dirtyGroups = new Set<GroupState>();
  /** Each group's block partials (group-sum.ts), kept so a size edit re-sums one block. */
  private readonly sums = new Map<GroupState, GroupSum>();
  /**
   * Positions appended by `addNew`, held as columns (no object per position) after the slots:
   * logically slots `slots.length …`. Turned into slots (`materialize`) by anything that needs
   * position objects or the id index; bulk row sums, `positionColumns` and `flush` read them as is.
   */
  private bulk = new BulkColumns();

  constructor(readonly arrays: RiskArrays) {}


  /**
   * Add or replace position `id`. `size` is an exact decimal or decimal text (already validated,
   * e.g. by `parseDecimal`). Prices the instrument if new.
   */
  set(id: string, inst: MarginInstrument, size: Dec | string, sizeText?: string): void {
    this.materialize();
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
    const row = this.place(inst);
    // Straight into the columns (floats stay unboxed: no call passes or returns one).
    const b = this.bulk;
    const i = b.count;
    if (i === b.rows.length) b.reserve(i + 1);
    const given = typeof size === 'string' ? size : sizeText;
    let sn = given === undefined ? NaN : scaledInt(given);
    let text: string;
    if (given !== undefined && scan.canonical) text = given;
    else { text = toDecimalString(typeof size === 'string' ? new Dec(size) : size); sn = scaledInt(text); }
    const exact = !Number.isNaN(sn);
    const dp = exact ? scan.dp : 0;
    b.setStrings(i, id, inst, text);
    b.sizeF[i] = exact ? sn / POW10[dp] : Number(text);
    b.sn[i] = sn;
    b.dp[i] = dp;
    b.rows[i] = row;
    b.count = i + 1;
    this.markDirty(row);
  }

  /** Make room for `n` more positions added by `addNew` (a capacity hint; no effect on results). */
  reserve(n: number): void {
    this.bulk.reserve(this.bulk.count + n);
  }

  /**
   * A hint that the next `addNew` calls add `list[0]`, `list[1]`, … of a list that does not
   * change afterwards (a parsed input): while a call matches its entry (same id, instrument and
   * size text) the book reads these from the list instead of storing them — no 20,000-entry
   * arrays per build. Any other call stores its own values; results are the same either way.
   * Ignored unless the book holds no positions yet.
   */
  expect(list: readonly SourcePosition[]): void {
    if (this.slots.length === 0 && this.bulk.count === 0) this.bulk = new BulkColumns(list);
    this.reserve(list.length);
  }

  /** Turn the bulk columns into slots (pending for the id index and `byRow`, as `addNew` leaves them). */
  private materialize(): void {
    const b = this.bulk;
    if (b.count === 0) return;
    for (let i = 0; i < b.count; i++) this.slots.push(b.position(i, this.rowGroup));
    // Fresh columns: a `positionColumns()` snapshot taken earlier keeps the old ones.
    this.bulk = new BulkColumns();
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

  /** The row of `inst` (priced if new), with its group assigned and room in `rowSizes`. */
  private place(inst: MarginInstrument): number {
    const row = this.arrays.ensure(inst);
    if (row >= this.rowSizes.length) {
      const cap = Math.max(row + 1, this.rowSizes.length * 2);
      const next = new Float64Array(cap);
      next.set(this.rowSizes);
      this.rowSizes = next;
      const mark = new Uint8Array(cap);
      mark.set(this.dirtyMark);
      this.dirtyMark = mark;
    }
    if (this.rowGroup[row] === undefined) {
      const g = this.group(inst);
      this.rowGroup[row] = g;
      insertSorted(g.rows, row);
    }
    return row;
  }

  /**
   * A size's canonical text, float and exact scaled integer: `SIZE.text`, `SIZE.f`, `SIZE.dp`,
   * and the scaled integer returned (NaN when not exact).
   */
  private sizeOf(size: Dec | string, sizeText: string | undefined): number {
    const given = typeof size === 'string' ? size : sizeText;
    // One scan: canonical? exact scaled integer? Given canonical text is kept as is; anything
    // else is printed by toDecimalString. sizeF = sn / 10^sdp is the correctly rounded value
    // (exact integer ÷ exact power of ten), i.e. Number(text).
    let sn = given === undefined ? NaN : scaledInt(given);
    let text: string;
    if (given !== undefined && scan.canonical) text = given;
    else { text = toDecimalString(typeof size === 'string' ? new Dec(size) : size); sn = scaledInt(text); }
    // `scan.dp` is only set for exact texts (it is not read for the others: kept 0 for determinism).
    SIZE.dp = Number.isNaN(sn) ? 0 : scan.dp;
    SIZE.text = text;
    SIZE.f = Number.isNaN(sn) ? Number(text) : sn / POW10[SIZE.dp];
    return sn;
  }

  private markDirty(row: number): void {
    if (this.dirtyMark[row] === 0) { this.dirtyMark[row] = 1; this.dirtyRows.add(row); }
  }

  private put(id: string, inst: MarginInstrument, size: Dec | string, sizeText: string | undefined, slot: number, old: BookPosition | undefined, indexIt: boolean): void {
    const row = this.place(inst);
    const g = this.rowGroup[row];
    const sn = this.sizeOf(size, sizeText);
    const p: BookPosition = { id, inst, sizeText: SIZE.text, sizeF: SIZE.f, sn, sdp: SIZE.dp, row, groupKey: g.key };
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
    this.markDirty(row);
  }

  /** Change the size of an existing position (touches one row and its group's sum). */
  setSize(id: string, size: Dec | string): void {
    const p = this.getPosition(id);
    if (!p) throw new Error(`unknown position ${id}`);
    this.set(id, p.inst, size);
  }

  /** Remove a position. */
  remove(id: string): void {
    this.materialize();
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
    if (this.rowsFrom === 0 && this.holes === 0 && this.slots.length + this.bulk.count > 0) this.bulkRowSizes();
    if (this.dirtyRows.size > 0) { this.materialize(); this.syncRows(); }
    for (const row of this.dirtyRows) {
      const ps = this.byRow[row] ?? [];
      if (ps.length === 1) this.rowSizes[row] = ps[0].sizeF;
      else this.rowSizes[row] = rowSum(ps);
      this.dirtyGroups.add(this.rowGroup[row]);
      this.dirtyMark[row] = 0;
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
   * `sameRows(g)`: the caller knows group `g`'s rows in `arrays` hold this book's values (adopted
   * unchanged, e.g. an underlying a sweep point does not re-grid); its vector, summed from the same
   * values in the same order, is copied instead of summed again.
   */
  sizesOver(arrays: RiskArrays, sameRows?: (g: GroupState) => boolean): RiskBook {
    this.flush();
    if (arrays.nScen !== this.arrays.nScen || arrays.size < this.arrays.size) throw new Error('sizesOver: arrays do not hold this book\'s rows');
    const b = new RiskBook(arrays);
    b.rowSizes = this.rowSizes.slice();
    b.dirtyMark = new Uint8Array(b.rowSizes.length);
    for (const g of this.groupMap.values()) {
      const same = sameRows?.(g) === true;
      const ng: GroupState = { key: g.key, settlementCurrency: g.settlementCurrency, underlying: g.underlying, rows: g.rows.slice(), vector: same ? g.vector.slice() : new Float64Array(arrays.nScen), revision: 0 };
      b.groupMap.set(g.key, ng);
      for (const r of g.rows) b.rowGroup[r] = ng;
      if (!same) b.dirtyGroups.add(ng);
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
    // The bulk columns follow the slots (same passes, same order).
    const b = this.bulk;
    const bRow = b.rows, bF = b.sizeF, bSn = b.sn, bDp = b.dp;
    for (let i = 0; i < b.count; i++) {
      const r = bRow[i];
      if (count[r]++ === 0) single[r] = bF[i];
      if (Number.isNaN(bSn[i])) bad[r] = 1;
      else if (bDp[i] > dp[r]) dp[r] = bDp[i];
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
    for (let i = 0; i < b.count; i++) {
      const r = bRow[i];
      if (bad[r] === 1 || count[r] === 1) continue;
      const t = bSn[i] * POW10[dp[r] - bDp[i]];
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
    for (const row of done) { this.dirtyRows.delete(row); this.dirtyMark[row] = 0; }
  }

  /** All positions in insertion order (a snapshot). */
  allPositions(): BookPosition[] {
    this.materialize();
    if (this.holes > 0) {
      this.syncRows();
      this.slots = this.slots.filter((p) => p !== undefined);
      this.holes = 0;
      this.index.reset(this.slots.length);
      this.indexed = this.slots.length;
    }
    return this.slots.slice() as BookPosition[];
  }

  /**
   * All positions in insertion order as columns (a snapshot, like `allPositions()`): the bulk
   * columns themselves when every position was added by `addNew` since the last materialisation.
   */
  positionColumns(): PositionColumns {
    if (this.slots.length === 0) return this.bulk.snapshot(this.rowGroup);
    return columnsOf(this.allPositions());
  }

  /** A position by id. */
  getPosition(id: string): BookPosition | undefined {
    this.materialize();
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
      g = { key, settlementCurrency: inst.groupCurrency ?? inst.settlementCurrency, underlying: inst.underlying, rows: [], vector: new Float64Array(this.arrays.nScen), revision: 0 };
      this.groupMap.set(key, g);
    }
    return g;
  }

  private sumOf(g: GroupState): GroupSum {
    let s = this.sums.get(g);
    if (s === undefined) { s = new GroupSum(); this.sums.set(g, s); }
    return s;
  }

  /** Recompute a group's vector from its rows in the one summation order (group-sum.ts; blocks whose terms changed only). */
  private resum(g: GroupState): void {
    g.revision++;
    this.sumOf(g).sum(g.vector, g.rows, this.rowSizes, this.arrays.rawData(), this.arrays.nScen);
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

/** Scratch outputs of `RiskBook.sizeOf`. */
const SIZE = { text: '', f: 0, dp: 0 };

/**
 * Positions as growable columns (see `RiskBook.bulk`). Ids, instruments and size texts are read
 * from the source list while the positions match it (`RiskBook.expect`), else stored; a stored
 * column has the capacity's length (grown by copying, as the typed ones: `push` on an array of
 * tens of thousands of entries costs more than a store).
 */
class BulkColumns {
  count = 0;
  /** Stored columns; undefined while read from `src`. */
  private ids: string[] | undefined;
  private insts: MarginInstrument[] | undefined;
  private sizeTexts: string[] | undefined;
  sizeF = new Float64Array(16);
  sn = new Float64Array(16);
  dp = new Int8Array(16);
  rows = new Int32Array(16);

  constructor(private readonly src?: readonly SourcePosition[]) {
    if (!src) { this.ids = new Array<string>(16); this.insts = new Array<MarginInstrument>(16); this.sizeTexts = new Array<string>(16); }
  }

  /** Set position i's id, instrument and size text (kept in the source when they match it). */
  setStrings(i: number, id: string, inst: MarginInstrument, text: string): void {
    const src = this.src;
    const q = src !== undefined && i < src.length ? src[i] : undefined;
    if (this.ids === undefined && (q === undefined || q.id !== id)) this.ids = this.stored((p) => p.id);
    if (this.insts === undefined && (q === undefined || q.inst !== inst)) this.insts = this.stored((p) => p.inst);
    if (this.sizeTexts === undefined && (q === undefined || q.sizeText !== text)) this.sizeTexts = this.stored((p) => p.sizeText!);
    if (this.ids !== undefined) this.ids[i] = id;
    if (this.insts !== undefined) this.insts[i] = inst;
    if (this.sizeTexts !== undefined) this.sizeTexts[i] = text;
  }

  /** A stored column holding the source's values of the positions so far. */
  private stored<T>(of: (p: SourcePosition) => T): T[] {
    const a = new Array<T>(this.rows.length);
    for (let j = 0; j < this.count; j++) a[j] = of(this.src![j]);
    return a;
  }

  id(i: number): string { const a = this.ids; return a !== undefined ? a[i] : this.src![i].id; }
  inst(i: number): MarginInstrument { const a = this.insts; return a !== undefined ? a[i] : this.src![i].inst; }
  sizeText(i: number): string { const a = this.sizeTexts; return a !== undefined ? a[i] : this.src![i].sizeText!; }

  /** Grow every column to at least `n` entries. */
  reserve(n: number): void {
    if (n > this.rows.length) this.grow(n);
  }

  private grow(atLeast = 0): void {
    const cap = Math.max(this.rows.length * 2, atLeast);
    if (this.ids !== undefined) this.ids = copyInto(this.ids, new Array<string>(cap));
    if (this.insts !== undefined) this.insts = copyInto(this.insts, new Array<MarginInstrument>(cap));
    if (this.sizeTexts !== undefined) this.sizeTexts = copyInto(this.sizeTexts, new Array<string>(cap));
    const f = new Float64Array(cap); f.set(this.sizeF); this.sizeF = f;
    const sn = new Float64Array(cap); sn.set(this.sn); this.sn = sn;
    const dp = new Int8Array(cap); dp.set(this.dp); this.dp = dp;
    const rows = new Int32Array(cap); rows.set(this.rows); this.rows = rows;
  }

  /** Position `i` as a `BookPosition` (its group from `rowGroup`). */
  position(i: number, rowGroup: readonly GroupState[]): BookPosition {
    const row = this.rows[i];
    return { id: this.id(i), inst: this.inst(i), sizeText: this.sizeText(i), sizeF: this.sizeF[i], sn: this.sn[i], sdp: this.dp[i], row, groupKey: rowGroup[row].key };
  }

  /**
   * The first `count` positions as `PositionColumns`. Later additions write past `count` (or
   * into grown or newly stored columns holding the same values) and a materialisation replaces
   * the columns, so the snapshot stays as taken.
   */
  snapshot(rowGroup: readonly GroupState[]): PositionColumns {
    return new BulkSnapshot(this, this.count, this.sizeF, this.rows, rowGroup);
  }
}

class BulkSnapshot implements PositionColumns {
  private made: (BookPosition | undefined)[] = [];
  constructor(private readonly b: BulkColumns, readonly count: number, readonly sizeF: Float64Array, readonly rows: Int32Array, private readonly rowGroup: readonly GroupState[]) {}
  id(i: number): string { return this.b.id(i); }
  inst(i: number): MarginInstrument { return this.b.inst(i); }
  sizeText(i: number): string { return this.b.sizeText(i); }
  position(i: number): BookPosition {
    if (i < 0 || i >= this.count) throw new RangeError(`position ${i} of ${this.count}`);
    return (this.made[i] ??= this.b.position(i, this.rowGroup));
  }
}

function copyInto<T>(from: readonly T[], to: T[]): T[] {
  for (let i = 0; i < from.length; i++) to[i] = from[i];
  return to;
}

/** Columns over position objects. */
function columnsOf(ps: readonly BookPosition[]): PositionColumns {
  const n = ps.length;
  const sizeF = new Float64Array(n), rows = new Int32Array(n);
  for (let i = 0; i < n; i++) { sizeF[i] = ps[i].sizeF; rows[i] = ps[i].row; }
  return new ListColumns(ps, sizeF, rows);
}

class ListColumns implements PositionColumns {
  constructor(private readonly ps: readonly BookPosition[], readonly sizeF: Float64Array, readonly rows: Int32Array) {}
  get count(): number { return this.ps.length; }
  id(i: number): string { return this.ps[i].id; }
  inst(i: number): MarginInstrument { return this.ps[i].inst; }
  sizeText(i: number): string { return this.ps[i].sizeText; }
  position(i: number): BookPosition { return this.ps[i]; }
}
