/**
 * Regenerates the bundled synthetic price history of the historical VaR / ES method
 * (electron/engine/margin/methods/hvar/synthetic-history.json): five years of daily closes,
 * 2021-11-25 … 2026-11-24 (the demo snapshot's as-of day), for BTC, ETH and SOL. Synthetic data,
 * not market prices: correlated normal shocks (ρ BTC/ETH 0.80, BTC/SOL 0.70, ETH/SOL 0.75) under
 * GARCH(1,1) volatility per asset (σ²' = ω + α·r² + β·σ², α 0.08, β 0.90, long-run daily vols
 * 3.0 / 3.8 / 5.0 %; no drift in log price) and a market-wide jump day with probability 1.5 % (shocks × 3.5), so the
 * tail has clustered crash days and vol scaling has something to scale. Each series is then
 * multiplied by one constant so its last close equals the demo snapshot's index (returns are
 * unchanged by that). Seeded (mulberry32, seed 20261124): every run writes the same bytes.
 * Run: npx tsx scripts/make-hvar-history.ts
 */
import { writeFileSync } from 'node:fs';
import { prng } from '../electron/engine/margin/synthetic-book';

const SEED = 20261124;
const FIRST = Date.UTC(2021, 10, 25), LAST = Date.UTC(2026, 10, 24), DAY = 86_400_000;
const ASSETS = [
  { symbol: 'BTC', lastClose: 96512.37, dailyVol: 0.030 },
  { symbol: 'ETH', lastClose: 3348.91, dailyVol: 0.038 },
  { symbol: 'SOL', lastClose: 187.46, dailyVol: 0.050 },
];
const CORR = [[1, 0.8, 0.7], [0.8, 1, 0.75], [0.7, 0.75, 1]];
const ALPHA = 0.08, BETA = 0.9, JUMP_P = 0.015, JUMP_X = 3.5;

/** Lower Cholesky factor of a small correlation matrix. */
function cholesky(a: number[][]): number[][] {
  const n = a.length, l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = a[i][j];
    for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
    l[i][j] = i === j ? Math.sqrt(s) : s / l[j][j];
  }
  return l;
}

const rnd = prng(SEED);
/** Standard normal (Box–Muller on the seeded uniform). */
const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const L = cholesky(CORR);
const n = ASSETS.length;
const variance = ASSETS.map((a) => a.dailyVol ** 2);
const logPrice = ASSETS.map(() => 0);
const paths: number[][] = ASSETS.map(() => []);
const dates: string[] = [];
for (let t = FIRST; t <= LAST; t += DAY) {
  dates.push(new Date(t).toISOString().slice(0, 10));
  if (t > FIRST) {
    const z = ASSETS.map(() => normal());
    const jump = rnd() < JUMP_P ? JUMP_X : 1;
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let k = 0; k <= i; k++) e += L[i][k] * z[k];
      const r = Math.sqrt(variance[i]) * e * jump;
      logPrice[i] += r;
      const omega = ASSETS[i].dailyVol ** 2 * (1 - ALPHA - BETA);
      variance[i] = omega + ALPHA * r * r + BETA * variance[i];
    }
  }
  for (let i = 0; i < n; i++) paths[i].push(logPrice[i]);
}
const csv = ['date,symbol,close'];
const scaled = ASSETS.map((a, i) => paths[i].map((lp) => a.lastClose * Math.exp(lp - paths[i][paths[i].length - 1])));
for (let d = 0; d < dates.length; d++) {
  for (let i = 0; i < n; i++) {
    const c = scaled[i][d];
    csv.push(`${dates[d]},${ASSETS[i].symbol},${c.toFixed(c >= 100 ? 2 : 4)}`);
  }
}
const doc = {
  name: 'pmdesk synthetic BTC/ETH/SOL history',
  version: '1',
  source: `Synthetic (not market data): scripts/make-hvar-history.ts, seed ${SEED}; correlated GARCH(1,1) daily returns with market-wide jump days, scaled to end at the demo snapshot's index on ${dates[dates.length - 1]}.`,
  csv,
};
const out = new URL('../electron/engine/margin/methods/hvar/synthetic-history.json', import.meta.url);
// One CSV line per JSON line: diffs stay readable.
writeFileSync(out, `{\n  "name": ${JSON.stringify(doc.name)},\n  "version": ${JSON.stringify(doc.version)},\n  "source": ${JSON.stringify(doc.source)},\n  "csv": [\n${csv.map((l) => `    ${JSON.stringify(l)}`).join(',\n')}\n  ]\n}\n`);
console.log(`${dates.length} days × ${n} symbols → ${out.pathname}`);
