/**
 * A book over risk arrays: positions aggregated per instrument (sizes summed exactly as
 * decimals), and per-group (settlement currency × underlying) vectors = Σ size × row. Changing a
 * size re-sums only that group from the stored rows (same order as a full build, so incremental
 * and full recomputation agree to the last bit); adding an instrument prices only that row.
 */
import { Dec, toFloat } from '../money';
import { groupKey, type MarginInstrument } from './margin-instrument';
import type { RiskArrays } from './risk-arrays';

/** One position in the book. */
export interface BookPosition {
  id: string;
  inst: MarginInstrument;
  size: Dec;
  row: number;
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
  private readonly byRow = new Map<number, Set<string>>();
  private rowSizes = new Float64Array(64);
  private readonly groupMap = new Map<string, GroupState>();
  private readonly groupRows = new Map<string, Set<number>>();
  private readonly dirtyRows = new Set<number>();
  private readonly dirtyGroups = new Set<GroupState>();

  constructor(readonly arrays: RiskArrays) {}

  /** Add or replace position `id` (size as an exact decimal). Prices the instrument if new. */
  set(id: string, inst: MarginInstrument, size: Dec): void {
    const old = this.positions.get(id);
    const row = this.arrays.ensure(inst);
    if (row >= this.rowSizes.length) {
      const next = new Float64Array(Math.max(row + 1, this.rowSizes.length * 2));
      next.set(this.rowSizes);
      this.rowSizes = next;
    }
    this.positions.set(id, { id, inst, size, row });
    if (old && old.row !== row) { this.byRow.get(old.row)?.delete(id); this.dirtyRows.add(old.row); }
    let ids = this.byRow.get(row);
    if (!ids) { ids = new Set(); this.byRow.set(row, ids); }
    ids.add(id);
    const g = this.group(inst);
    const gr = this.groupRows.get(g.key)!;
    if (!gr.has(row)) { gr.add(row); insertSorted(g.rows, row); }
    this.dirtyRows.add(row);
  }

  /** Change the size of an existing position (touches one row and its group's sum). */
  setSize(id: string, size: Dec): void {
    const p = this.positions.get(id);
    if (!p) throw new Error(`unknown position ${id}`);
    this.set(id, p.inst, size);
  }

  /** Remove a position. */
  remove(id: string): void {
    const p = this.positions.get(id);
    if (!p) return;
    this.positions.delete(id);
    this.byRow.get(p.row)?.delete(id);
    this.dirtyRows.add(p.row);
  }

  /**
   * Bring row sizes and group vectors up to date: only rows whose positions changed are re-summed
   * (as decimals), and only their groups' vectors. Called by every reader.
   */
  flush(): void {
    if (this.dirtyRows.size === 0) return;
    for (const row of this.dirtyRows) this.refreshRow(row);
    this.dirtyRows.clear();
    for (const g of this.dirtyGroups) this.resum(g);
    this.dirtyGroups.clear();
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
      this.groupRows.set(key, new Set());
    }
    return g;
  }

  private refreshRow(row: number): void {
    let sum = new Dec(0);
    for (const id of this.byRow.get(row) ?? []) sum = sum.plus(this.positions.get(id)!.size);
    this.rowSizes[row] = toFloat(sum);
    this.dirtyGroups.add(this.group(this.arrays.bases[row].inst));
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

function insertSorted(a: number[], x: number): void {
  let i = a.length;
  while (i > 0 && a[i - 1] > x) i--;
  a.splice(i, 0, x);
}
