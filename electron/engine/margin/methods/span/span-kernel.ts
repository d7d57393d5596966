/**
 * SPAN-style aggregation (shared margin-methods.md §4.3–§4.4), pure numbers: per combined
 * commodity (cc) the scan risk from its risk-array sum, the intra-commodity spread charge on
 * matched deltas across tiers (or a file's intra spreads between tiers, priority order),
 * inter-commodity spread credits in priority order (legs within tiers), the short option
 * minimum, and net option value; then
 *   risk(cc) = max(scan + intra − inter, SOM),  requirement(cc) = max(risk(cc) − NOV(cc), 0)
 *   MM = Σ_cc requirement(cc),  IM = initialToMaintenance · MM.
 * Risk arrays here are P&L (gain positive) with the scan-point weight applied; SPAN's own sign
 * (loss positive) is the negation.
 */
import type { InterSpread, IntraSpread, PeriodRange, SpreadLeg } from './span-params';

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

/** One intra-commodity spread definition's outcome: spreads formed and the charge (USD). */
export interface SpreadLine { id: string; cc: string; spreads: number; amount: number }

export interface SpanResult { ccs: SpanCcResult[]; spreads: { id: string; spreads: number; credit: number }[]; intraSpreads: SpreadLine[]; mm: number; im: number }

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

/** A cc's net delta per tier key (ISO expiry date, or `perpetual`), as spreads consume it. */
type Buckets = Map<string, number>;

/** Whether tier key `tier` lies in `r` (no range: every tier; a range never holds a perpetual). */
function inRange(tier: string, r: PeriodRange | undefined): boolean {
  if (!r) return true;
  if (tier === 'perpetual') return false;
  return (r.start === undefined || tier >= r.start) && (r.end === undefined || tier <= r.end);
}

/** The net delta left in `r`'s tiers (summed in the buckets' order: with no range, the cc's net delta as `spanMargin` sums it). */
function available(b: Buckets, r: PeriodRange | undefined): number {
  let x = 0;
  for (const [t, d] of b) if (inRange(t, r)) x += d;
  return x;
}

/** Take `amount` (signed) out of `r`'s tiers: from the tiers holding delta of its sign, earliest first. */
function consume(b: Buckets, r: PeriodRange | undefined, amount: number): void {
  let left = Math.abs(amount);
  const sign = Math.sign(amount);
  for (const t of [...b.keys()].sort()) {
    if (left <= 0) break;
    const d = b.get(t)!;
    if (!inRange(t, r) || Math.sign(d) !== sign) continue;
    const take = Math.min(Math.abs(d), left);
    b.set(t, d - sign * take);
    left -= take;
  }
}

/**
 * Form one spread definition over the remaining deltas: n = the spreads they support in the legs'
 * `deltaPerSpread` pattern (side A +, side B −) or its mirror, the larger; the deltas used are
 * consumed from each leg's tiers. Spreads may be fractional (SPAN spreads deltas, not contracts).
 */
function formSpreads(legs: readonly { buckets: Buckets; leg: SpreadLeg }[]): number {
  let best = 0, sign = 1;
  for (const sg of [1, -1]) {
    let n = Infinity;
    for (const { buckets, leg } of legs) n = Math.min(n, (sg * available(buckets, leg.periods)) / leg.deltaPerSpread);
    if (n > best) { best = n; sign = sg; }
  }
  if (best > 0) for (const { buckets, leg } of legs) consume(buckets, leg.periods, sign * best * leg.deltaPerSpread);
  return best;
}

/**
 * Intra-commodity spreads of a file (`ccDef/dSpread`, §4.4) per cc in priority order: each spread
 * formed costs `charge`; a cc with any spread definition is charged by them alone (its
 * `intraSpreadRate` rule does not apply). Consumes the tier deltas the inter spreads then see.
 */
function intraCharges(ccs: Map<string, SpanCcResult>, buckets: Map<string, Buckets>, spreads: readonly IntraSpread[]): SpreadLine[] {
  const out: SpreadLine[] = [];
  const charged = new Set<string>();
  for (const sp of spreads) {
    const c = ccs.get(sp.cc);
    if (!c) continue;
    if (!charged.has(sp.cc)) { charged.add(sp.cc); c.intraSpread = 0; }
    const b = buckets.get(sp.cc)!;
    const n = formSpreads(sp.legs.map((leg) => ({ buckets: b, leg })));
    c.intraSpread += n * sp.charge;
    out.push({ id: sp.id, cc: sp.cc, spreads: n, amount: n * sp.charge });
  }
  return out;
}

/**
 * Inter-commodity spreads in priority (list) order: n = the spreads the remaining deltas support
 * (`formSpreads`, each leg within its tier's periods); each leg's credit is
 * `credit · n·|deltaPerSpread| · WPR`, WPR = the leg's (scan + intra) per unit of its cc's net
 * delta (CME "WPR" rate type, §4.4; one WPR per cc, not per tier).
 */
function interCredits(ccs: Map<string, SpanCcResult>, buckets: Map<string, Buckets>, spreads: readonly InterSpread[]): { id: string; spreads: number; credit: number }[] {
  const out: { id: string; spreads: number; credit: number }[] = [];
  for (const sp of spreads) {
    if (!sp.legs.every((l) => ccs.has(l.cc))) { out.push({ id: sp.id, spreads: 0, credit: 0 }); continue; }
    const best = formSpreads(sp.legs.map((leg) => ({ buckets: buckets.get(leg.cc)!, leg })));
    let credit = 0;
    if (best > 0) {
      for (const l of sp.legs) {
        const c = ccs.get(l.cc)!;
        const wpr = c.netDelta === 0 ? 0 : (c.scanRisk + c.intraSpread) / Math.abs(c.netDelta);
        const legCredit = sp.credit * best * Math.abs(l.deltaPerSpread) * wpr;
        c.interCredit += legCredit;
        credit += legCredit;
      }
    }
    out.push({ id: sp.id, spreads: best, credit });
  }
  return out;
}

/** The SPAN requirement of a book given per-cc inputs (see the file comment). */
export function spanMargin(inputs: readonly SpanCcInput[], spreads: readonly InterSpread[], opts: { netOptionValue: boolean; initialToMaintenance: number; intraSpreads?: readonly IntraSpread[] }): SpanResult {
  const ccs = new Map<string, SpanCcResult>();
  const buckets = new Map<string, Buckets>();
  for (const x of inputs) {
    buckets.set(x.cc, new Map(x.tierDeltas));
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
  const intraLines = intraCharges(ccs, buckets, opts.intraSpreads ?? []);
  const spreadLines = interCredits(ccs, buckets, spreads);
  let mm = 0;
  for (const c of ccs.values()) {
    // A credit never takes a cc below zero before the SOM comparison.
    c.interCredit = Math.min(c.interCredit, c.scanRisk + c.intraSpread);
    c.risk = Math.max(c.scanRisk + c.intraSpread - c.interCredit, c.som);
    c.requirement = Math.max(c.risk - c.nov, 0);
    mm += c.requirement;
  }
  return { ccs: [...ccs.values()], spreads: spreadLines, intraSpreads: intraLines, mm, im: mm * opts.initialToMaintenance };
}
