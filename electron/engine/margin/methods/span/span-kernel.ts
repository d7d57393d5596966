/**
 * SPAN-style aggregation (shared margin-methods.md §4.3–§4.4), pure numbers: per combined
 * commodity (cc) the scan risk from its risk-array sum, the intra-commodity spread charge on
 * matched deltas across tiers, inter-commodity spread credits in priority order, the short option
 * minimum, and net option value; then
 *   risk(cc) = max(scan + intra − inter, SOM),  requirement(cc) = max(risk(cc) − NOV(cc), 0)
 *   MM = Σ_cc requirement(cc),  IM = initialToMaintenance · MM.
 * Risk arrays here are P&L (gain positive) with the scan-point weight applied; SPAN's own sign
 * (loss positive) is the negation.
 */
import type { InterSpread } from './span-params';

export interface SpanCcInput {
  cc: string;
  index: number;
  /** Σ size × P&L per scan point (USD, weight applied). */
  vector: ArrayLike<number>;
  /** Net coin delta per tier (expiry; perpetuals their own tier). */
  tierDeltas: Map<string, number>;
  shortCallCoins: number;
  shortPutCoins: number;
  /** Σ size × option value at marks (USD): long positive, short negative. */
  optionValue: number;
  intraSpreadRate: number;
  shortOptionMinimum: number;
}

export interface SpanCcResult {
  cc: string;
  scanRisk: number;
  /** Index of the scan point with the largest loss (-1 when no point loses). */
  binding: number;
  netDelta: number;
  matchedDelta: number;
  intraSpread: number;
  interCredit: number;
  som: number;
  risk: number;
  nov: number;
  requirement: number;
}

export interface SpanResult { ccs: SpanCcResult[]; spreads: { id: string; spreads: number; credit: number }[]; mm: number; im: number }

/** Scan risk (§4.3): max(0, max_s −vector[s]) and the binding point (first of equal losses). */
export function scanRisk(vector: ArrayLike<number>): { risk: number; binding: number } {
  let risk = 0, binding = -1;
  for (let s = 0; s < vector.length; s++) if (-vector[s] > risk) { risk = -vector[s]; binding = s; }
  return { risk, binding };
}

/** Matched delta across tiers: min(Σ long tier deltas, Σ |short tier deltas|) (§4.4 intra-commodity spreads). */
export function matchedDelta(tierDeltas: Map<string, number>): number {
  let long = 0, short = 0;
  for (const d of tierDeltas.values()) if (d > 0) long += d; else short -= d;
  return Math.min(long, short);
}

/**
 * Inter-commodity spreads in list order (priority): n = the number of whole-ratio spreads the
 * remaining net deltas support in the spread's pattern or its mirror; each leg's credit is
 * `credit · n·|deltaPerSpread| · WPR`, WPR = the leg's (scan + intra) per coin of net delta
 * (CME "WPR" rate type, §4.4); the deltas used are consumed.
 */
function interCredits(ccs: Map<string, SpanCcResult>, spreads: readonly InterSpread[]): { id: string; spreads: number; credit: number }[] {
  const remaining = new Map([...ccs].map(([k, c]) => [k, c.netDelta]));
  const out: { id: string; spreads: number; credit: number }[] = [];
  for (const sp of spreads) {
    if (!sp.legs.every((l) => ccs.has(l.cc))) { out.push({ id: sp.id, spreads: 0, credit: 0 }); continue; }
    let best = 0, sign = 1;
    for (const sg of [1, -1]) {
      let n = Infinity;
      for (const l of sp.legs) n = Math.min(n, (sg * remaining.get(l.cc)!) / l.deltaPerSpread);
      if (n > best) { best = n; sign = sg; }
    }
    let credit = 0;
    if (best > 0) {
      for (const l of sp.legs) {
        const c = ccs.get(l.cc)!;
        const wpr = c.netDelta === 0 ? 0 : (c.scanRisk + c.intraSpread) / Math.abs(c.netDelta);
        const legCredit = sp.credit * best * Math.abs(l.deltaPerSpread) * wpr;
        c.interCredit += legCredit;
        credit += legCredit;
        remaining.set(l.cc, remaining.get(l.cc)! - sign * best * l.deltaPerSpread);
      }
    }
    out.push({ id: sp.id, spreads: best, credit });
  }
  return out;
}

/** The SPAN requirement of a book given per-cc inputs (see the file comment). */
export function spanMargin(inputs: readonly SpanCcInput[], spreads: readonly InterSpread[], opts: { netOptionValue: boolean; initialToMaintenance: number }): SpanResult {
  const ccs = new Map<string, SpanCcResult>();
  for (const x of inputs) {
    const { risk, binding } = scanRisk(x.vector);
    let netDelta = 0;
    for (const d of x.tierDeltas.values()) netDelta += d;
    const matched = matchedDelta(x.tierDeltas);
    ccs.set(x.cc, {
      cc: x.cc, scanRisk: risk, binding, netDelta, matchedDelta: matched, intraSpread: matched * x.intraSpreadRate * x.index, interCredit: 0,
      // Short option minimum (§4.4): per short option, max(short calls, short puts) as CME counts them.
      som: Math.max(x.shortCallCoins, x.shortPutCoins) * x.shortOptionMinimum * x.index,
      risk: 0, nov: opts.netOptionValue ? x.optionValue : 0, requirement: 0,
    });
  }
  const spreadLines = interCredits(ccs, spreads);
  let mm = 0;
  for (const c of ccs.values()) {
    // A credit never takes a cc below zero before the SOM comparison.
    c.interCredit = Math.min(c.interCredit, c.scanRisk + c.intraSpread);
    c.risk = Math.max(c.scanRisk + c.intraSpread - c.interCredit, c.som);
    c.requirement = Math.max(c.risk - c.nov, 0);
    mm += c.requirement;
  }
  return { ccs: [...ccs.values()], spreads: spreadLines, mm, im: mm * opts.initialToMaintenance };
}
