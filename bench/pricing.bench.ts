/**
 * Pricing benchmark (issue 3 performance targets): the kernel's cost per Black-76 evaluation
 * against a bare typed-array Black-76 loop written here, in the same run; and 2,000 instruments ×
 * 35 scenarios (prices and deltas) median wall time. Run with `npm run -s bench` or
 * `npx tsx bench/pricing.bench.ts`.
 *
 * The bare loop uses the same `normCdf` special function as the engine, so the ratio measures
 * what the kernel adds (layout, dispatch, the shared core call), not the choice of N(x).
 */
// Deterministic pseudo-random numbers (mulberry32) so runs are comparable.
import { prng as rng } from '../electron/engine/margin/synthetic-book';
import {
  allocKernelInstruments, allocKernelScenarios, normCdf, priceScenarioGrid, type KernelInstruments, type KernelScenarios,
} from '../electron/engine/pricing';

const INSTRUMENTS = 2000;
const SCENARIOS = 35;


function buildBook(): { inst: KernelInstruments; sc: KernelScenarios } {
  const r = rng(42);
  const inst = allocKernelInstruments(INSTRUMENTS);
  const sc = allocKernelScenarios(INSTRUMENTS, SCENARIOS);
  inst.discount = new Float64Array(INSTRUMENTS);
  for (let i = 0; i < INSTRUMENTS; i++) {
    const f0 = 60000 * (1 + 0.05 * (r() - 0.5));
    inst.phi[i] = r() < 0.5 ? 1 : -1;
    inst.strike[i] = f0 * (0.5 + r());
    inst.years[i] = 1 / 365 + r();
    inst.discount[i] = 1;
    inst.inverse[i] = r() < 0.5 ? 1 : 0;
    const vol0 = 0.3 + 0.9 * r();
    for (let j = 0; j < SCENARIOS; j++) {
      // Deribit-style grid: 9 price moves over ±16 % … plus extended moves, 3 vol states.
      const move = -0.5 + (j % 12) / 10;
      const volMul = [1, 1.3, 0.75][j % 3];
      sc.forward[i * SCENARIOS + j] = f0 * (1 + move);
      sc.vol[i * SCENARIOS + j] = vol0 * volMul;
    }
  }
  return { inst, sc };
}

/** The bare loop: Black-76 value and delta over flat typed arrays, nothing else. */
function bareLoop(
  n: number, m: number, phi: Float64Array, strike: Float64Array, years: Float64Array, disc: Float64Array, inverse: Uint8Array,
  fwd: Float64Array, vol: Float64Array, outV: Float64Array, outD: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    const p = phi[i], K = strike[i], sqrtT = Math.sqrt(years[i]), D = disc[i], inv = inverse[i];
    for (let j = 0; j < m; j++) {
      const k = i * m + j;
      const F = fwd[k];
      const sd = vol[k] * sqrtT;
      const d1 = Math.log(F / K) / sd + 0.5 * sd;
      const n1 = normCdf(p * d1), n2 = normCdf(p * (d1 - sd));
      const v = D * p * (F * n1 - K * n2);
      outV[k] = inv === 0 ? v : v / F;
      outD[k] = inv === 0 ? D * p * n1 : (D * p * K * n2) / (F * F);
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Run the pricing benchmark and print its figures. */
export async function runPricingBench(): Promise<void> {
  const { inst, sc } = buildBook();
  const n = INSTRUMENTS * SCENARIOS;
  const v1 = new Float64Array(n), d1 = new Float64Array(n), v2 = new Float64Array(n), d2 = new Float64Array(n);
  const bare = () => bareLoop(INSTRUMENTS, SCENARIOS, inst.phi, inst.strike, inst.years, inst.discount!, inst.inverse, sc.forward, sc.vol, v1, d1);
  const kernel = () => priceScenarioGrid(inst, sc, v2, d2);
  // Warm up both (JIT tiers), interleaved.
  for (let w = 0; w < 30; w++) { bare(); kernel(); }
  const bareTimes: number[] = [], kernelTimes: number[] = [];
  for (let round = 0; round < 10; round++) {
    bareTimes.push(...time(bare, 10));
    kernelTimes.push(...time(kernel, 10));
  }
  let maxDiff = 0;
  for (let k = 0; k < n; k++) maxDiff = Math.max(maxDiff, Math.abs(v1[k] - v2[k]) / Math.max(1, Math.abs(v1[k])));
  const bareMs = median(bareTimes), kernelMs = median(kernelTimes);
  const lines = [
    `pricing: ${INSTRUMENTS} instruments × ${SCENARIOS} scenarios = ${n} Black-76 evaluations (value + delta), ${bareTimes.length} timed runs each`,
    `  bare typed-array loop   median ${bareMs.toFixed(3)} ms  ${((bareMs * 1e6) / n).toFixed(1)} ns/eval`,
    `  kernel priceScenarioGrid median ${kernelMs.toFixed(3)} ms  ${((kernelMs * 1e6) / n).toFixed(1)} ns/eval`,
    `  ratio kernel/bare       ${(kernelMs / bareMs).toFixed(3)}  (target ≤ 1.5)`,
    `  2,000 × 35 prices+deltas median ${kernelMs.toFixed(3)} ms  (target < 15 ms)  ${kernelMs < 15 && kernelMs / bareMs <= 1.5 ? 'OK' : 'MISSED'}`,
    `  max relative difference kernel vs bare ${maxDiff.toExponential(2)}`,
  ];
  console.log(lines.join('\n'));
}

// Run directly: `npx tsx bench/pricing.bench.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await runPricingBench();
