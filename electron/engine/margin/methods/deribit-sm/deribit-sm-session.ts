/**
 * The incremental session of `deribit-sm` (method-contract.ts `MethodSession`): standard margin
 * is per position, a function of the instrument, the position's size and the instrument's net
 * size (`positionStandardMargin`), so the session keeps each position's line (by position object,
 * with the net size it was computed at) and the per-instrument unit requirements of short options
 * (a function of instrument and market only); an edit re-sums the net size of the instruments it
 * touches — exactly, in position order, as `standardLines` does — and recomputes the lines of
 * their positions. The lines are handed to `runDeribitSm` (`withBuiltBook`), which aggregates and
 * explains them as on the fresh path.
 */
import type { MarketView } from '../../../scenarios/market-view';
import type { MarginInput, MarginPosition } from '../../margin-input';
import type { MethodSession } from '../../method-contract';
import { withBuiltBook } from '../../scenario-reuse';
import { resolveDeribitSmParams } from './deribit-sm';
import { runDeribitSm, SM_LINES_KEY, smLine, standardLines, type SmLine } from './run-deribit-sm';
import { netSizeOf, netSizes } from '../../net-sizes';

/** A `deribit-sm` session at `market` with parameter set `json` (throws `ParamsError` on a bad set). */
export function deribitSmSession(market: MarketView, json: unknown): MethodSession {
  const p = resolveDeribitSmParams(json);
  const unitCache = new Map<string, { im: number; mm: number }>();
  /** Net size per instrument (float of the exact sum), of the book last computed. */
  let totals: Map<string, number> | undefined;
  /** The book's positions by id, as last computed or set. */
  const byId = new Map<string, MarginPosition>();
  /** Instruments whose net size may have changed since the last result. */
  const touched = new Set<string>();
  /** Each position's line (null: none) and the net size it was computed at. */
  let lineOf = new WeakMap<MarginPosition, { total: number; line: SmLine | null }>();

  const lineFor = (x: MarginPosition, total: number): SmLine | null => {
    return smLine(p, market, x, total, unitCache);
  };

  /**
   * The book as last computed, for edits that only change sizes (each position set again on its
   * own instrument): positions in book order, index by id, each instrument's positions, each
   * position's line and its place in `lines` (-1: none).
   */
  let kept: { order: MarginPosition[]; at: Map<string, number>; bySym: Map<string, number[]>; lineAt: (SmLine | null)[]; place: Int32Array; lines: SmLine[] } | undefined;
  /** Since the last result only sizes changed (see `kept`). */
  let sizesOnly = false;

  const keep = (input: MarginInput, lines: SmLine[]): void => {
    const order = input.positions.slice();
    const at = new Map<string, number>(), bySym = new Map<string, number[]>();
    const lineAt: (SmLine | null)[] = new Array(order.length).fill(null);
    const place = new Int32Array(order.length).fill(-1);
    let j = 0;
    order.forEach((x, k) => {
      at.set(x.id, k);
      const l = bySym.get(x.inst.symbol);
      if (l) l.push(k); else bySym.set(x.inst.symbol, [k]);
      if (lines[j]?.id === x.id) { lineAt[k] = lines[j]; place[k] = j++; }
    });
    kept = { order, at, bySym, lineAt, place, lines };
  };

  /** Sizes-only edits: re-sum the touched instruments in book order and recompute their positions' lines. */
  const quickLines = (input: MarginInput): SmLine[] | undefined => {
    const k0 = kept;
    if (!k0 || !sizesOnly || input.positions.length !== k0.order.length) return undefined;
    let relist = false;
    for (const sym of touched) {
      const ks = k0.bySym.get(sym);
      if (!ks) return undefined;
      const total = netSizeOf(ks.map((k) => k0.order[k]));
      totals!.set(sym, total);
      for (const k of ks) {
        const x = k0.order[k];
        if (input.positions[k] !== x) return undefined;
        let e = lineOf.get(x);
        if (!e || e.total !== total) { e = { total, line: lineFor(x, total) }; lineOf.set(x, e); }
        if ((e.line === null) !== (k0.lineAt[k] === null)) relist = true;
        k0.lineAt[k] = e.line;
        if (!relist && e.line) k0.lines[k0.place[k]] = e.line;
      }
    }
    touched.clear();
    if (relist) {
      const lines: SmLine[] = [];
      k0.lineAt.forEach((l, k) => { if (l) { k0.place[k] = lines.length; lines.push(l); } else k0.place[k] = -1; });
      k0.lines = lines;
    }
    return k0.lines;
  };

  const linesOf = (input: MarginInput): SmLine[] => {
    const quick = quickLines(input);
    sizesOnly = true;
    if (quick) return quick;
    if (!totals) {
      // First run: the fresh computation, then what it read kept.
      const lines = standardLines(p, market, input);
      totals = netSizes(input.positions);
      for (const x of input.positions) byId.set(x.id, x);
      lineOf = new WeakMap();
      // Lines are in position order, positions without a line skipped: pair them up again.
      let k = 0;
      for (const x of input.positions) {
        const l = lines[k]?.id === x.id ? lines[k++] : null;
        lineOf.set(x, { total: totals.get(x.inst.symbol)!, line: l });
      }
      touched.clear();
      keep(input, lines);
      return lines;
    }
    if (touched.size > 0) {
      const of = new Map<string, MarginPosition[]>();
      for (const x of input.positions) {
        if (!touched.has(x.inst.symbol)) continue;
        const l = of.get(x.inst.symbol);
        if (l) l.push(x); else of.set(x.inst.symbol, [x]);
      }
      for (const s of touched) { const ps = of.get(s); if (ps) totals.set(s, netSizeOf(ps)); else totals.delete(s); }
      touched.clear();
    }
    const out: SmLine[] = [];
    for (const x of input.positions) {
      const total = totals.get(x.inst.symbol)!;
      let e = lineOf.get(x);
      if (!e || e.total !== total) { e = { total, line: lineFor(x, total) }; lineOf.set(x, e); }
      if (e.line) out.push(e.line);
    }
    keep(input, out);
    return out;
  };

  return {
    set: (x) => {
      const old = byId.get(x.id);
      const k = kept?.at.get(x.id);
      if (old && k !== undefined && old.inst.symbol === x.inst.symbol && kept!.order[k] === old) kept!.order[k] = x;
      else sizesOnly = false;
      if (old) touched.add(old.inst.symbol);
      touched.add(x.inst.symbol);
      byId.set(x.id, x);
    },
    remove: (id) => {
      sizesOnly = false;
      const old = byId.get(id);
      if (old) touched.add(old.inst.symbol);
      byId.delete(id);
    },
    result: ({ input, account, marginal, summary }) => {
      let lines: SmLine[];
      try { lines = linesOf(input); } catch (e) { totals = undefined; kept = undefined; throw e; }
      return withBuiltBook(SM_LINES_KEY, market, input, lines, () => runDeribitSm({ input, market, params: json, account, marginal, ...(summary ? { summary } : {}) }));
    },
  };
}
