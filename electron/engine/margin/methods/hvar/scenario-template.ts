/**
 * `hvar`'s scenarios (docs/margin-methods.md 5e): one scenario per historical h-day period of
 * the window, moving every underlying of the book by its own return over that period — the joint
 * moves of one real (here: history-file) period, so correlation and fat tails come from the data.
 *
 * 1. Dates: the history's dates on or before the as-of day on which every underlying of the book
 *    has a close (a date missing one of them is skipped, so a return spans the gap).
 * 2. Daily log returns r_t = ln(C_t / C_{t−1}) over those dates.
 * 3. Vol treatment `scaled` (Hull & White 1998, "Incorporating volatility updating into the
 *    historical simulation method for value-at-risk", Journal of Risk 1(1)): r*_t = r_t · σ_now / σ_t
 *    with the EWMA variance σ²_{t+1} = λ·σ²_t + (1 − λ)·r²_t (RiskMetrics Technical Document,
 *    1996, λ = 0.94 for daily data), σ_t being the estimate for day t made the day before, σ_now
 *    the estimate for the day after the last date, and σ²_1 seeded with the mean of the first
 *    ⌈1/(1 − λ)⌉ squared returns (the average's effective length). A day with σ_t = 0 (a flat
 *    start) keeps its return. `constant`: r*_t = r_t.
 * 4. The h-day return ending at day t is R = Σ_{j=t−h+1..t} r*_j (for `constant`, exactly
 *    ln(C_t / C_{t−h})), applied as the relative move e^R − 1 of the index and every forward.
 *    `overlapping`: every t of the window; `non-overlapping`: t = last, last − h, … (the most
 *    recent period always in). The window is the last `windowDays` daily returns; a period must lie
 *    inside it (overlapping: windowDays − h + 1 periods, non-overlapping: ⌊windowDays / h⌋).
 * Implied vols stay as they are in the snapshot (sticky strike; a history of closes carries no
 * vol), and the valuation date does not move (instantaneous shock).
 */
import { MarginInputError } from '../../margin-input';
import type { Scenario, ScenarioSet, UnderlyingShock } from '../../../scenarios/scenario-types';
import type { HvarParams } from './hvar-params';
import { HVAR_ID } from './id';

/** The scenarios of a run and what the explanation says of them. */
export interface HvarScenarios {
  set: ScenarioSet;
  /** Per scenario: first and last date of its period (first = the close it starts from). */
  from: string[];
  to: string[];
  /** Underlying (upper-case) → per-scenario relative move. */
  moves: Map<string, Float64Array>;
  /** Dates used (on or before the as-of day, every underlying priced) and dates skipped for a missing close. */
  datesUsed: number;
  datesSkipped: number;
  /** The last date used, and whether the history has dates after the as-of day (ignored). */
  lastDate: string;
  ignoredAfterAsOf: number;
}

/** ISO day of `ms` (UTC). */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * EWMA-scaled daily returns (step 3 of the file comment): `r` scaled in place of a copy; the
 * result's t-th entry is r_t · σ_now / σ_t.
 */
export function volScaled(r: Float64Array, lambda: number): Float64Array {
  const n = r.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const seedN = Math.min(n, Math.ceil(1 / (1 - lambda)));
  let v = 0;
  for (let i = 0; i < seedN; i++) v += r[i] * r[i];
  v /= seedN;
  const sigma = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    sigma[t] = Math.sqrt(v);
    v = lambda * v + (1 - lambda) * r[t] * r[t];
  }
  const now = Math.sqrt(v);
  for (let t = 0; t < n; t++) out[t] = sigma[t] > 0 ? (r[t] * now) / sigma[t] : r[t];
  return out;
}

function pct(m: number): string {
  const p = Math.round(m * 1e5) / 1e3;
  return `${p > 0 ? '+' : ''}${p}%`;
}

/** The scenario set of a book on `underlyings` at `asOfMs` (see the file comment). Throws `MarginInputError` naming what is missing. */
export function hvarScenarios(p: HvarParams, underlyings: readonly string[], asOfMs: number): HvarScenarios {
  const { history, name } = p.history;
  const asOf = isoDay(asOfMs);
  const us = [...new Set(underlyings.map((u) => u.toUpperCase()))].sort();
  const series = us.map((u) => {
    const s = history.closes.get(u);
    if (!s) throw new MarginInputError(`${HVAR_ID}: the price history "${name}" has no closes for ${u} (it has ${[...history.closes.keys()].sort().join(', ')})`);
    return s;
  });
  const dates: string[] = [];
  let skipped = 0, after = 0;
  for (const d of history.dates) {
    if (d > asOf) { after++; continue; }
    if (series.every((s) => s.has(d))) dates.push(d); else skipped++;
  }
  const h = p.horizonDays, w = p.windowDays;
  const returns = dates.length - 1;
  if (returns < w) {
    throw new MarginInputError(`${HVAR_ID}: the price history "${name}" gives ${Math.max(returns, 0)} daily return(s) of ${us.join(', ') || 'the book'} up to ${asOf}; windowDays ${w} needs ${w + 1} dates with every close (shorten windowDays or give a longer history)`);
  }
  // Daily (optionally vol-scaled) log returns per underlying; index t = return from dates[t] to dates[t + 1].
  const daily = series.map((s) => {
    const r = new Float64Array(returns);
    for (let t = 0; t < returns; t++) r[t] = Math.log(s.get(dates[t + 1])! / s.get(dates[t])!);
    return p.volTreatment === 'scaled' ? volScaled(r, p.ewmaLambda) : r;
  });
  // Period ends (indices of daily returns) inside the window [returns − w, returns).
  const first = returns - w;
  const ends: number[] = [];
  if (p.sampling === 'overlapping') for (let t = first + h - 1; t < returns; t++) ends.push(t);
  else { for (let t = returns - 1; t - h + 1 >= first; t -= h) ends.push(t); ends.reverse(); }
  const moves = new Map(us.map((u) => [u, new Float64Array(ends.length)]));
  const scenarios: Scenario[] = [];
  const from: string[] = [], to: string[] = [];
  ends.forEach((t, k) => {
    const shocks: Record<string, UnderlyingShock> = {};
    const parts: string[] = [];
    us.forEach((u, i) => {
      let R = 0;
      if (p.volTreatment === 'scaled') for (let j = t - h + 1; j <= t; j++) R += daily[i][j];
      // Constant treatment: C_end / C_start − 1 straight from the closes (e^R − 1 up to rounding).
      const m = p.volTreatment === 'constant' ? series[i].get(dates[t + 1])! / series[i].get(dates[t - h + 1])! - 1 : Math.expm1(R);
      moves.get(u)![k] = m;
      shocks[u] = { move: m, vol: { kind: 'none' } };
      parts.push(`${u} ${pct(m)}`);
    });
    from.push(dates[t - h + 1]);
    to.push(dates[t + 1]);
    const period = h === 1 ? dates[t + 1] : `${dates[t - h + 1]}→${dates[t + 1]}`;
    scenarios.push({ id: `${HVAR_ID}-${dates[t + 1]}`, label: `${period} (${parts.join(', ')})`, table: 'custom', shocks, bucket: k + 1, volState: 'same' });
  });
  const set: ScenarioSet = { id: HVAR_ID, name: `${p.name}: ${name}`, version: p.version, smile: 'sticky-strike', scenarios };
  return { set, from, to, moves, datesUsed: dates.length, datesSkipped: skipped, lastDate: dates[dates.length - 1], ignoredAfterAsOf: after };
}
