/**
 * Deterministic synthetic books and markets for property tests and the benchmark: option
 * instruments over a strike × expiry grid per underlying, perpetuals and dated futures, with a
 * smooth smile. Seeded PRNG (mulberry32), so every run sees the same book.
 */
import { formatExpiryCode } from '../instruments';

/** mulberry32: a small, fast, seedable PRNG returning [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPOTS: Record<string, number> = { BTC: 96_000, ETH: 3_300, SOL: 180 };
const AS_OF = Date.UTC(2026, 10, 24, 8);
const DAY = 86_400_000;

/** A synthetic market JSON (product.md format) and its option symbols. */
export interface SyntheticMarket {
  market: { asOf: string; underlyings: Record<string, { index: number; forwards: { expiry: string; price: number }[]; vols: { expiry: string; strike: number; vol: number }[] }> };
  options: string[];
  deltaOne: string[];
}

/**
 * `optionsPerUnderlying` options per underlying (inverse symbols; every 4th linear USDC),
 * spread over expiries 3 … 360 days and strikes 50 % … 200 % of spot.
 */
export function syntheticMarket(underlyings: string[], optionsPerUnderlying: number): SyntheticMarket {
  const expiriesDays = [3, 10, 17, 31, 59, 87, 122, 185, 276, 360];
  const market: SyntheticMarket['market'] = { asOf: new Date(AS_OF).toISOString(), underlyings: {} };
  const options: string[] = [];
  const deltaOne: string[] = [];
  for (const u of underlyings) {
    const S = SPOTS[u] ?? 100;
    const nK = Math.ceil(optionsPerUnderlying / (2 * expiriesDays.length));
    const step = S < 1000 ? 1 : S < 10_000 ? 25 : 500;
    const fwd: { expiry: string; price: number }[] = [];
    const vols: { expiry: string; strike: number; vol: number }[] = [];
    let count = 0;
    for (const d of expiriesDays) {
      const e = AS_OF + d * DAY;
      const iso = new Date(e).toISOString();
      fwd.push({ expiry: iso, price: S * Math.exp(0.06 * d / 365) });
      const code = formatExpiryCode(e);
      deltaOne.push(`${u}-${code}`);
      for (let i = 0; i < nK; i++) {
        const k = Math.round((S * (0.5 + (1.5 * i) / Math.max(nK - 1, 1))) / step) * step;
        const m = Math.log(k / S);
        vols.push({ expiry: iso, strike: k, vol: 0.55 + 0.25 * m * m - 0.05 * m + 0.1 / Math.sqrt(d) });
        for (const cp of ['C', 'P']) {
          if (count >= optionsPerUnderlying) break;
          const linear = count % 4 === 3;
          options.push(`${linear ? `${u}_USDC` : u}-${code}-${k}-${cp}`);
          count++;
        }
      }
    }
    deltaOne.push(`${u}-PERPETUAL`, `${u}_USDC-PERPETUAL`);
    market.underlyings[u] = { index: S, forwards: fwd, vols: dedupe(vols) };
  }
  return { market, options: [...new Set(options)], deltaOne };
}

function dedupe(v: { expiry: string; strike: number; vol: number }[]) {
  const seen = new Set<string>();
  return v.filter((q) => { const k = `${q.expiry}|${q.strike}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

/** `n` positions over `symbols` (sizes as decimal strings; inverse futures in USD). */
export function syntheticPositions(symbols: string[], n: number, seed = 7): { id: string; instrument: string; size: string }[] {
  const rnd = prng(seed);
  const out: { id: string; instrument: string; size: string }[] = [];
  for (let i = 0; i < n; i++) {
    const s = symbols[i < symbols.length ? i : Math.floor(rnd() * symbols.length)];
    const deltaOneUsd = !s.includes('_') && (s.endsWith('PERPETUAL') || s.split('-').length === 2);
    const mag = deltaOneUsd ? Math.round(rnd() * 100_000) * 10 : Math.round(rnd() * 200) / 10;
    out.push({ id: `p${i}`, instrument: s, size: String((rnd() < 0.5 ? -1 : 1) * Math.max(mag, deltaOneUsd ? 10 : 0.1)) });
  }
  return out;
}
