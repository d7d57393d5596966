/**
 * Subtotal and totals rows kept up to date in O(changed rows): each group's column sum is one
 * integer at the group's scale (10^-scale), so a changed row is taken out of its group's sums and
 * put back exactly — no float, and no pass over a 20,000-row book per edit (the full exact sum,
 * `summarize` in grid-groups.ts, costs ~60–140 ms there). A value with more decimals than the
 * group's scale so far (e.g. a deep out-of-the-money option's gamma, 3.2e-35) raises the scale of
 * that column's sum once (the sum is multiplied by the power of ten), so every value is summed
 * exactly whatever its magnitude; the scale never drops while the group lives. What is summed
 * follows grid-groups.ts: USD figures always, coin figures, P&L in binding and marginal IM only
 * while every row of the group settles in one currency.
 */
import type { RowFiguresDto } from '../../../../shared/domain/dto/session.dto';
import { plain, scaled } from './exact-sum';
import { marginalColId, SUMMED, type SubtotalInfo } from './grid-groups';

interface Column { colId: string; pick: (f: RowFiguresDto) => string | undefined; perCurrency: boolean }
type Scaled = { int: bigint; scale: number };
interface Contribution { key: string; currency: string | undefined; texts: (string | undefined)[]; values: (Scaled | undefined)[] }
interface Group { count: number; currencies: Map<string, number>; sums: bigint[]; scales: number[]; present: number[] }

const POW: bigint[] = [];
/** 10^k as a bigint (cached). */
function pow10(k: number): bigint {
  return (POW[k] ??= 10n ** BigInt(k));
}

/** A figure as an exact scaled integer; undefined when absent. */
function exact(v: string | undefined): Scaled | undefined {
  if (v === undefined || v === '') return undefined;
  const p = scaled(v);
  if (!p) throw new Error(`not a decimal number: "${v}"`);
  return p;
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
    const prev = this.#rows.get(id);
    const texts = this.#cols.map((col) => (f ? col.pick(f) : undefined));
    const key = this.#keyOf(f);
    if (prev && prev.key === key && prev.currency === f?.currency) {
      // Same group: only the columns whose text changed move (a margin-only change re-parses 2 of 15).
      for (let i = 0; i < texts.length; i++) {
        if (texts[i] === prev.texts[i]) continue;
        const next = exact(texts[i]);
        this.#applyValue(this.#groups.get(key)!, i, prev.values[i], -1);
        this.#applyValue(this.#groups.get(key)!, i, next, 1);
        prev.texts[i] = texts[i];
        prev.values[i] = next;
      }
      return;
    }
    this.delete(id);
    const c: Contribution = { key, currency: f?.currency, texts, values: texts.map(exact) };
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

  /** The subtotal of group `key`: the exact sum of each summed column over its rows. */
  subtotal(key: string, label: string): SubtotalInfo {
    const g = this.#groups.get(key);
    if (!g) return { key, label, count: 0, sums: {} };
    const live = [...g.currencies].filter(([, n]) => n > 0);
    const mixed = live.length > 1;
    const sums: Record<string, string> = {};
    this.#cols.forEach((col, i) => {
      if (col.perCurrency && mixed) return;
      if (g.present[i] > 0) sums[col.colId] = plain(g.sums[i], g.scales[i]);
    });
    return { key, label, count: g.count, ...(!mixed && live.length === 1 ? { currency: live[0][0] } : {}), sums };
  }

  #apply(c: Contribution, sign: 1 | -1): void {
    let g = this.#groups.get(c.key);
    if (!g) {
      const n = this.#cols.length;
      g = { count: 0, currencies: new Map(), sums: new Array<bigint>(n).fill(0n), scales: new Array<number>(n).fill(0), present: new Array<number>(n).fill(0) };
      this.#groups.set(c.key, g);
    }
    g.count += sign;
    if (c.currency !== undefined) g.currencies.set(c.currency, (g.currencies.get(c.currency) ?? 0) + sign);
    for (let i = 0; i < c.values.length; i++) this.#applyValue(g, i, c.values[i], sign);
    if (g.count === 0) this.#groups.delete(c.key);
  }

  /** Add (sign 1) or take out (-1) one value of column `i` in group `g`. */
  #applyValue(g: Group, i: number, v: Scaled | undefined, sign: 1 | -1): void {
    if (v === undefined) return;
    if (v.scale > g.scales[i]) { g.sums[i] *= pow10(v.scale - g.scales[i]); g.scales[i] = v.scale; }
    const at = v.scale === g.scales[i] ? v.int : v.int * pow10(g.scales[i] - v.scale);
    g.present[i] += sign;
    g.sums[i] += sign === 1 ? at : -at;
  }
}
