/**
 * Subtotal and totals rows kept up to date in O(changed rows): each row's summed figures are held
 * as integers at one fixed scale (10^-SCALE), so a changed row is taken out of its group's sums and
 * put back exactly — no float, and no pass over a 20,000-row book per edit (the full exact sum,
 * `summarize` in grid-groups.ts, costs ~60–140 ms there). What is summed follows grid-groups.ts:
 * USD figures always, coin figures, P&L in binding and marginal IM only while every row of the
 * group settles in one currency.
 *
 * A figure with more than SCALE decimals (none at the 10 significant digits the service sends
 * for anything above 1e-20) makes the group fall back to `summarize` for that column — never a
 * rounded sum.
 */
import type { RowFiguresDto } from '../../../../shared/domain/dto/session.dto';
import { scaled } from './exact-sum';
import { marginalColId, SUMMED, type SubtotalInfo } from './grid-groups';

/** Decimal places every summed value is held at. */
export const SCALE = 30;
const POW = Array.from({ length: SCALE + 1 }, (_, k) => 10n ** BigInt(k));

interface Column { colId: string; pick: (f: RowFiguresDto) => string | undefined; perCurrency: boolean }
interface Contribution { key: string; currency: string | undefined; values: (bigint | null | undefined)[] }
interface Group { count: number; currencies: Map<string, number>; sums: bigint[]; present: number[]; inexact: number[] }

/** A value at SCALE: undefined when absent, null when it has more decimals than SCALE. */
function fixed(v: string | undefined): bigint | null | undefined {
  if (v === undefined || v === '') return undefined;
  const p = scaled(v);
  if (!p) throw new Error(`not a decimal number: "${v}"`);
  if (p.scale > SCALE) return null;
  return p.int * POW[SCALE - p.scale];
}

function plain(int: bigint): string {
  const neg = int < 0n;
  const digits = (neg ? -int : int).toString().padStart(SCALE + 1, '0');
  let out = `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`.replace(/\.?0+$/, '');
  if (out === '') out = '0';
  return neg && out !== '0' ? `-${out}` : out;
}

export class RunningTotals {
  readonly #cols: Column[];
  readonly #keyOf: (f: RowFiguresDto | undefined) => string;
  readonly #rows = new Map<string, Contribution>();
  readonly #groups = new Map<string, Group>();

  /** `keyOf` gives a row's group ('' for one group of everything). */
  constructor(methods: readonly string[], keyOf: (f: RowFiguresDto | undefined) => string) {
    this.#cols = [...SUMMED, ...methods.map((m) => ({ colId: marginalColId(m), pick: (f: RowFiguresDto) => f.marginalIm?.[m], perCurrency: true }))];
    this.#keyOf = keyOf;
  }

  /** Put row `id` in (or move it to) its group with figures `f` (undefined: counted, nothing summed). */
  set(id: string, f: RowFiguresDto | undefined): void {
    this.delete(id);
    const c: Contribution = { key: this.#keyOf(f), currency: f?.currency, values: this.#cols.map((col) => (f ? fixed(col.pick(f)) : undefined)) };
    this.#rows.set(id, c);
    this.#apply(c, 1);
  }

  delete(id: string): void {
    const c = this.#rows.get(id);
    if (!c) return;
    this.#rows.delete(id);
    this.#apply(c, -1);
  }

  clear(): void {
    this.#rows.clear();
    this.#groups.clear();
  }

  get size(): number {
    return this.#rows.size;
  }

  /** Group keys with at least one row. */
  keys(): string[] {
    return [...this.#groups.keys()];
  }

  /**
   * The subtotal of group `key`. `exactFallback` sums a column exactly over the group's rows when
   * a value had more decimals than SCALE (given the column id; returns '' when not summable).
   */
  subtotal(key: string, label: string, exactFallback: (colId: string) => string): SubtotalInfo {
    const g = this.#groups.get(key);
    if (!g) return { key, label, count: 0, sums: {} };
    const live = [...g.currencies].filter(([, n]) => n > 0);
    const mixed = live.length > 1;
    const sums: Record<string, string> = {};
    this.#cols.forEach((col, i) => {
      if (col.perCurrency && mixed) return;
      if (g.inexact[i] > 0) { const s = exactFallback(col.colId); if (s !== '') sums[col.colId] = s; return; }
      if (g.present[i] > 0) sums[col.colId] = plain(g.sums[i]);
    });
    return { key, label, count: g.count, ...(!mixed && live.length === 1 ? { currency: live[0][0] } : {}), sums };
  }

  #apply(c: Contribution, sign: 1 | -1): void {
    let g = this.#groups.get(c.key);
    if (!g) {
      const n = this.#cols.length;
      g = { count: 0, currencies: new Map(), sums: new Array<bigint>(n).fill(0n), present: new Array<number>(n).fill(0), inexact: new Array<number>(n).fill(0) };
      this.#groups.set(c.key, g);
    }
    g.count += sign;
    if (c.currency !== undefined) g.currencies.set(c.currency, (g.currencies.get(c.currency) ?? 0) + sign);
    c.values.forEach((v, i) => {
      if (v === undefined) return;
      if (v === null) { g.inexact[i] += sign; return; }
      g.present[i] += sign;
      g.sums[i] += sign === 1 ? v : -v;
    });
    if (g.count === 0) this.#groups.delete(c.key);
  }
}
