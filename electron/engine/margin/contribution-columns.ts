/**
 * Per-position figures of a margin run as columns (issue 9: a one-cell edit of a 20,000-row
 * book must not build 20,000 contribution objects and 40,000 strings): each position's group, its
 * P&L in its group's binding scenario and its marginal IM as float64, with their display text
 * made on demand for the rows a caller shows. The text is exactly what the result DTO's
 * `contributions` carry (`floatText` of the P&L, `roundFloatText` of the marginal IM at the
 * currency's decimals), so a caller that formats only the rows whose floats changed sends the same
 * strings a full result would.
 */
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import { floatText, roundFloatText } from './float-text';

/** Per-position figures of one run, in the order the method lists its positions. */
export interface ContributionColumns {
  readonly count: number;
  id(i: number): string;
  /** The risk group the position is margined in (e.g. `BTC` or `USDC:BTC`). */
  group(i: number): string;
  /** P&L in the group's binding scenario (float64; 0 when the group has none). */
  readonly pnl: Float64Array;
  /** Marginal IM (float64, settlement currency; NaN when not computed). */
  readonly marginal: Float64Array;
  /** Display text of `pnl[i]` (as `contributions[].pnlInBinding`). */
  pnlText(i: number): string;
  /** Display text of `marginal[i]` (as `contributions[].marginalInitialMargin`). */
  marginalText(i: number): string;
}

/** Columns over float arrays and per-row decimals (the engine's fast path). */
export function floatColumns(
  count: number, id: (i: number) => string, group: (i: number) => string,
  pnl: Float64Array, marginal: Float64Array, decimals: (i: number) => number,
): ContributionColumns {
  return {
    count, id, group, pnl, marginal,
    pnlText: (i) => floatText(pnl[i]),
    marginalText: (i) => roundFloatText(Number.isNaN(marginal[i]) ? 0 : marginal[i], decimals(i)),
  };
}

/**
 * Columns read from a result DTO's `contributions` (methods without a fast path): the floats are
 * the texts read back, the texts are the DTO's own strings.
 */
export function columnsOfResult(result: MarginResultDto): ContributionColumns {
  // Plain indexed loops (a session's per-row run reads 20,000 entries per edit; `flatMap` and
  // `Float64Array.from` with a mapper cost about twice as much).
  const lists = Object.values(result.byCurrency).map((c) => c.contributions);
  let n = 0;
  for (const l of lists) n += l.length;
  const list = new Array<(typeof lists)[number][number]>(n);
  const pnl = new Float64Array(n), marginal = new Float64Array(n);
  let k = 0;
  for (const l of lists) {
    for (let i = 0; i < l.length; i++, k++) {
      const c = l[i];
      list[k] = c;
      pnl[k] = Number(c.pnlInBinding);
      marginal[k] = Number(c.marginalInitialMargin);
    }
  }
  return {
    count: list.length, pnl, marginal,
    id: (i) => list[i].positionId, group: (i) => list[i].group,
    pnlText: (i) => list[i].pnlInBinding, marginalText: (i) => list[i].marginalInitialMargin,
  };
}

/** `result` with its per-position lists emptied (they travel as columns). */
export function withoutContributions(result: MarginResultDto): MarginResultDto {
  const byCurrency: MarginResultDto['byCurrency'] = {};
  for (const [k, c] of Object.entries(result.byCurrency)) byCurrency[k] = { ...c, contributions: [] };
  return { ...result, byCurrency };
}
