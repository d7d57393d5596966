/**
 * Grouping by underlying or by expiry with subtotal rows, and the totals row (AG Grid's row
 * grouping and aggregation are enterprise: these are computed here and shown as ordinary rows).
 * Subtotal rows live in the grid's row data with ids `Σ:<key>`; `arrangeGroups` (the grid's
 * postSortRows) puts each group's rows together, in the current sort order within the group,
 * followed by its subtotal row.
 *
 * What is summed: USD figures always (one unit); coin figures, P&L in binding and marginal IM
 * (each in the row's settlement currency) only when every row of the group settles in the same
 * currency — a sum across BTC and USDC would mean nothing, so those cells stay empty then.
 */
import type { PositionDto } from '../../../../shared/domain/dto/portfolio.dto';
import type { RowFiguresDto } from '../../../../shared/domain/dto/session.dto';
import { sumExact } from './exact-sum';

export type GroupBy = 'none' | 'underlying' | 'expiry';

/** A subtotal (or totals) row's content. */
export interface SubtotalInfo {
  key: string;
  label: string;
  count: number;
  /** The common settlement currency of the rows, if one. */
  currency?: string;
  /** Exact sums by column id (absent: not summable for this group). */
  sums: Record<string, string>;
}

/** A row of the grid: a position, or a subtotal row (`sub` set). */
export type GridRow = PositionDto & { sub?: SubtotalInfo };

/** Summed figure columns: column id, the figure, and whether it is in the settlement currency. */
export const SUMMED: readonly { colId: string; pick: (f: RowFiguresDto) => string | undefined; perCurrency: boolean }[] = [
  { colId: 'deltaCoin', pick: (f) => f.deltaCoin, perCurrency: true },
  { colId: 'gammaCoin', pick: (f) => f.gammaCoin, perCurrency: true },
  { colId: 'vegaCoin', pick: (f) => f.vegaCoin, perCurrency: true },
  { colId: 'thetaCoin', pick: (f) => f.thetaCoin, perCurrency: true },
  { colId: 'deltaUsd', pick: (f) => f.deltaUsd, perCurrency: false },
  { colId: 'gammaUsd', pick: (f) => f.gammaUsd, perCurrency: false },
  { colId: 'vegaUsd', pick: (f) => f.vegaUsd, perCurrency: false },
  { colId: 'thetaUsd', pick: (f) => f.thetaUsd, perCurrency: false },
  { colId: 'pnlInBinding', pick: (f) => f.pnlInBinding, perCurrency: true },
];

/** Column id of a method's marginal IM column. */
export const marginalColId = (methodId: string): string => `marginalIm:${methodId}`;

export const SUBTOTAL_PREFIX = 'Σ:';
export const NO_UNDERLYING = '(unknown underlying)';
export const NO_EXPIRY = '(no expiry)';

/** The group a position falls in. */
export function groupKey(by: GroupBy, f: RowFiguresDto | undefined): string {
  if (by === 'underlying') return f?.underlying ?? NO_UNDERLYING;
  if (by === 'expiry') return f?.expiry ?? NO_EXPIRY;
  return '';
}

/** Order of group keys: underlyings alphabetically, expiries by date (ISO sorts), the unknown group last. */
export function compareKeys(a: string, b: string): number {
  const ua = a.startsWith('('), ub = b.startsWith('(');
  if (ua !== ub) return ua ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The subtotal of `rows` (figures from `figures`; marginal IM of `methods`). */
export function summarize(key: string, label: string, rows: readonly PositionDto[], figures: ReadonlyMap<string, RowFiguresDto>, methods: readonly string[]): SubtotalInfo {
  const figs: RowFiguresDto[] = [];
  let currency: string | undefined;
  let mixed = false;
  for (const r of rows) {
    const f = figures.get(r.id);
    if (!f) continue;
    figs.push(f);
    if (f.currency !== undefined) {
      if (currency === undefined) currency = f.currency;
      else if (currency !== f.currency) mixed = true;
    }
  }
  const sums: Record<string, string> = {};
  for (const c of SUMMED) {
    if (c.perCurrency && mixed) continue;
    const s = sumExact(figs.map(c.pick));
    if (s !== '') sums[c.colId] = s;
  }
  if (!mixed) {
    for (const m of methods) {
      const s = sumExact(figs.map((f) => f.marginalIm?.[m]));
      if (s !== '') sums[marginalColId(m)] = s;
    }
  }
  return { key, label, count: rows.length, ...(mixed ? {} : currency ? { currency } : {}), sums };
}

/** One subtotal row per group of `rows` under `by`, in group order. */
export function subtotalRows(by: GroupBy, rows: readonly PositionDto[], figures: ReadonlyMap<string, RowFiguresDto>, methods: readonly string[]): GridRow[] {
  if (by === 'none') return [];
  const groups = new Map<string, PositionDto[]>();
  for (const r of rows) {
    const k = groupKey(by, figures.get(r.id));
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  return [...groups.keys()].sort(compareKeys).map((k) => {
    const sub = summarize(k, k, groups.get(k)!, figures, methods);
    return { id: `${SUBTOTAL_PREFIX}${k}`, instrument: '', size: '', sub };
  });
}

/**
 * Put each group's rows together (their order within the group kept: the current sort), groups
 * in key order, each followed by its subtotal row. `nodes` is rearranged in place (postSortRows).
 */
export function arrangeGroups<N>(nodes: N[], rowOf: (n: N) => GridRow | undefined, keyOf: (row: GridRow) => string): void {
  const groups = new Map<string, N[]>();
  const subs = new Map<string, N>();
  for (const n of nodes) {
    const row = rowOf(n);
    if (!row) continue;
    if (row.sub) { subs.set(row.sub.key, n); continue; }
    const k = keyOf(row);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(n);
  }
  const keys = [...new Set([...groups.keys(), ...subs.keys()])].sort(compareKeys);
  let i = 0;
  for (const k of keys) {
    for (const n of groups.get(k) ?? []) nodes[i++] = n;
    const s = subs.get(k);
    if (s !== undefined) nodes[i++] = s;
  }
  nodes.length = i;
}
