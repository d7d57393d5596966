/**
 * Regenerates the bundled demo market snapshot (electron/service/demo/demo-market.json).
 * A plausible late-November 2026 BTC/ETH/SOL market: forwards in ~6-8 % annualised contango, a
 * skewed smile per expiry (put wing richer), term structure of ATM vol. Data, not a model fit.
 * Run: npx tsx scripts/make-demo-data.ts
 */
import { writeFileSync } from 'node:fs';

const asOf = Date.UTC(2026, 10, 24, 8, 0, 0);
const expiries = ['2026-11-27', '2026-12-25', '2027-01-29', '2027-03-26', '2027-06-25'].map((d) => `${d}T08:00:00Z`);
const specs = {
  BTC: { index: 96512.37, carry: 0.065, atm: [0.48, 0.5, 0.52, 0.54, 0.56], skew: 0.09, strikes: [60000, 70000, 80000, 85000, 90000, 95000, 100000, 105000, 110000, 120000, 130000, 150000] },
  ETH: { index: 3348.91, carry: 0.072, atm: [0.62, 0.63, 0.65, 0.67, 0.69], skew: 0.1, strikes: [2000, 2400, 2800, 3000, 3200, 3400, 3600, 3800, 4000, 4500, 5000, 6000] },
  SOL: { index: 187.46, carry: 0.08, atm: [0.78, 0.8, 0.82, 0.84, 0.86], skew: 0.12, strikes: [100, 120, 140, 160, 180, 200, 220, 250, 300] },
};
const underlyings: Record<string, unknown> = {};
for (const [u, s] of Object.entries(specs)) {
  const forwards = expiries.map((e) => {
    const t = (Date.parse(e) - asOf) / (365 * 86400000);
    return { expiry: e, price: Number((s.index * Math.exp(s.carry * t)).toFixed(2)) };
  });
  const vols = expiries.flatMap((e, i) => {
    const t = (Date.parse(e) - asOf) / (365 * 86400000);
    const f = forwards[i].price;
    return s.strikes.map((k) => {
      const m = Math.log(k / f) / Math.sqrt(Math.max(t, 0.02));
      const vol = s.atm[i] * (1 - s.skew * m + 0.05 * m * m);
      return { expiry: e, strike: k, vol: Number(Math.max(0.15, vol).toFixed(4)) };
    });
  });
  underlyings[u] = { index: s.index, forwards, vols };
}
const snapshot = { asOf: new Date(asOf).toISOString().replace('.000Z', 'Z'), underlyings };
writeFileSync('electron/service/demo/demo-market.json', JSON.stringify(snapshot, null, 2) + '\n');
console.log('wrote electron/service/demo/demo-market.json');
