/**
 * A book over risk arrays: positions aggregated per instrument (sizes summed exactly as
 * decimals), and per-group (settlement currency × underlying) vectors = Σ size × row. Changing a
 * size re-sums only that group from the stored rows (same order as a full build, so incremental
 * and full recomputation agree to the last bit); adding an instrument prices only that row.
 */
import { Dec, toDecimalString, toFloat } from '../money';
import { exactSum, scaledOf, type Scaled } from './exact-sum';
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
  /** `sizeText` as an exact scaled integer for fast exact row sums, or null. */
  scaled: Scaled | null;
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
  private readonly positions = new Map<string, BookPosition>();
  /** Position ids per row (most rows hold one position). */
  private readonly byRow: string[][] = [];
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
    const old = this.positions.get(id);
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
    const text = given !== undefined && CANONICAL.test(given) ? given : toDecimalString(typeof size === 'string' ? new Dec(size) : size);
    this.positions.set(id, { id, inst, sizeText: text, sizeF: Number(text), scaled: scaledOf(text), row, groupKey: g.key });
    if (old && old.row !== row) { removeId(this.byRow[old.row], id); this.dirtyRows.add(old.row); }
    if (!old || old.row !== row) {
      const ids = this.byRow[row] ?? (this.byRow[row] = []);
      ids.push(id);
    }
    this.dirtyRows.add(row);
  }

  /** Change the size of an existing position (touches one row and its group's sum). */
  setSize(id: string, size: Dec | string): void {
    const p = this.positions.get(id);
    if (!p) throw new Error(`unknown position ${id}`);
    this.set(id, p.inst, size);
  }

  /** Remove a position. */
  remove(id: string): void {
    const p = this.positions.get(id);
    if (!p) return;
    this.positions.delete(id);
    removeId(this.byRow[p.row], id);
    this.dirtyRows.add(p.row);
  }

  /**
   * Bring row sizes and group vectors up to date: only rows whose positions changed are re-summed
   * (as decimals), and only their groups' vectors. Called by every reader.
   */
  flush(): void {
    if (this.dirtyRows.size === 0 && this.dirtyGroups.size === 0) return;
    for (const row of this.dirtyRows) {
      const ids = this.byRow[row] ?? [];
      if (ids.length === 1) this.rowSizes[row] = this.positions.get(ids[0])!.sizeF;
      else this.rowSizes[row] = this.rowSum(ids);
      this.dirtyGroups.add(this.rowGroup[row]);
    }
    this.dirtyRows.clear();
    for (const g of this.dirtyGroups) this.resum(g);
    this.dirtyGroups.clear();
  }

  /** Exact float64 of the decimal sum of the rows' sizes (scaled integers, else decimal.js). */
  private rowSum(ids: string[]): number {
    const ps = ids.map((id) => this.positions.get(id)!);
    if (ps.every((p) => p.scaled !== null)) {
      const s = exactSum(ps.map((p) => p.scaled!));
      if (s !== null) return s;
    }
    let sum = new Dec(0);
    for (const p of ps) sum = sum.plus(p.sizeText);
    return toFloat(sum);
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

  /** All positions in insertion order. */
  allPositions(): BookPosition[] { return [...this.positions.values()]; }

  /** A position by id. */
  getPosition(id: string): BookPosition | undefined { return this.positions.get(id); }

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

/** Plain decimal text exactly as `toDecimalString` prints it (no sign, exponent or padding zeros). */
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

function removeId(ids: string[] | undefined, id: string): void {
  if (!ids) return;
  const i = ids.indexOf(id);
  if (i >= 0) ids.splice(i, 1);
}

function insertSorted(a: number[], x: number): void {
  let i = a.length;
  while (i > 0 && a[i - 1] > x) i--;
  a.splice(i, 0, x);
}
