import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { marketDelta, type DeltaInstrument } from './market-delta';
import { parseMarketSnapshot } from './snapshot-json';
import type { MarketSnapshot } from './market-snapshot';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2026, 10, 24, 8);
const DAYS = [3, 10, 17, 31, 59, 87, 122];
const iso = (ms: number) => new Date(ms).toISOString();

/** A small market over BTC and ETH: forwards and a smile at each expiry. */
function baseJson() {
  const underlyings: Record<string, { index: number; forwards: { expiry: string; price: number }[]; vols: { expiry: string; strike: number; vol: number }[] }> = {};
  for (const [u, S] of [['BTC', 96_000], ['ETH', 3_300]] as const) {
    const forwards = DAYS.map((d) => ({ expiry: iso(AS_OF + d * DAY), price: S * Math.exp((0.06 * d) / 365) }));
    const vols = DAYS.flatMap((d) => [0.6, 0.8, 1, 1.25, 1.6].map((m) => ({ expiry: iso(AS_OF + d * DAY), strike: Math.round(S * m), vol: 0.5 + 0.2 * Math.log(m) ** 2 + 0.1 / Math.sqrt(d) })));
    underlyings[u] = { index: S, forwards, vols };
  }
  return { asOf: iso(AS_OF), underlyings };
}

type Json = ReturnType<typeof baseJson>;

/** Instruments at every quoted expiry, between and beyond them, at several strikes, each kind and settlement. */
function instruments(): (DeltaInstrument & { strike?: number })[] {
  const out: (DeltaInstrument & { strike?: number })[] = [];
  const expiries = new Set<number>();
  for (const d of DAYS) { expiries.add(AS_OF + d * DAY); expiries.add(AS_OF + d * DAY + DAY / 2); }
  expiries.add(AS_OF + DAY / 4);
  expiries.add(AS_OF + 400 * DAY);
  for (const [u, S] of [['BTC', 96_000], ['ETH', 3_300]] as const) {
    for (const settle of [u, 'USDC']) {
      out.push({ kind: 'perpetual', underlying: u, settlementCurrency: settle });
      for (const e of expiries) {
        out.push({ kind: 'future', underlying: u, settlementCurrency: settle, expiryMs: e });
        for (const m of [0.55, 0.8, 1, 1.1, 1.25, 2]) out.push({ kind: 'option', underlying: u, settlementCurrency: settle, expiryMs: e, strike: Math.round(S * m) });
      }
    }
  }
  return out;
}
const INSTRUMENTS = instruments();

/** Every market number `inst`'s pricing reads (marks and the risk arrays): index, forward, vol at its strike and at shocked strikes K/g, rate. */
function inputs(s: MarketSnapshot, inst: DeltaInstrument & { strike?: number }): number[] {
  const out = [s.index(inst.underlying), s.rate(inst.settlementCurrency)];
  if (inst.settlementCurrency !== 'USDC') out.push(s.index(inst.settlementCurrency));
  if (inst.expiryMs !== undefined) out.push(s.forward(inst.underlying, inst.expiryMs));
  if (inst.kind === 'option') for (const g of [1, 0.5, 0.85, 1.15, 1.5]) out.push(s.vol(inst.underlying, inst.expiryMs!, inst.strike! / g));
  return out;
}

type Edit =
  | { kind: 'vol'; u: 'BTC' | 'ETH'; i: number; vol: number }
  | { kind: 'forward'; u: 'BTC' | 'ETH'; i: number; factor: number }
  | { kind: 'index'; u: 'BTC' | 'ETH'; factor: number }
  | { kind: 'drop-strike'; u: 'BTC' | 'ETH'; i: number }
  | { kind: 'shift-expiry'; u: 'BTC' | 'ETH'; e: number; pts: number };

function apply(j: Json, e: Edit): void {
  const m = j.underlyings[e.u];
  if (e.kind === 'vol') m.vols[e.i % m.vols.length].vol = e.vol;
  else if (e.kind === 'forward') m.forwards[e.i % m.forwards.length].price *= e.factor;
  else if (e.kind === 'index') m.index *= e.factor;
  else if (e.kind === 'drop-strike') { if (m.vols.length > 1) m.vols.splice(e.i % m.vols.length, 1); }
  else {
    const ex = iso(AS_OF + DAYS[e.e % DAYS.length] * DAY);
    for (const q of m.vols) if (q.expiry === ex) q.vol += e.pts;
  }
}

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('vol' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), i: fc.nat(100), vol: fc.double({ min: 0.05, max: 3, noNaN: true }) }),
  fc.record({ kind: fc.constant('forward' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), i: fc.nat(20), factor: fc.double({ min: 0.9, max: 1.1, noNaN: true }) }),
  fc.record({ kind: fc.constant('index' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), factor: fc.double({ min: 0.8, max: 1.2, noNaN: true }) }),
  fc.record({ kind: fc.constant('drop-strike' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), i: fc.nat(100) }),
  fc.record({ kind: fc.constant('shift-expiry' as const), u: fc.constantFrom('BTC' as const, 'ETH' as const), e: fc.nat(20), pts: fc.double({ min: -0.1, max: 0.3, noNaN: true }) }),
);

describe('marketDelta', () => {
  it('an instrument not affected reads the same numbers, to the bit, after random edits', () => {
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
      const j = baseJson();
      const a = parseMarketSnapshot(structuredClone(j));
      for (const e of edits) apply(j, e);
      const b = parseMarketSnapshot(j);
      const d = marketDelta(a, b);
      for (const inst of INSTRUMENTS) {
        if (d.affects(inst)) continue;
        const x = inputs(a, inst), y = inputs(b, inst);
        expect(y.map((v, k) => Object.is(v, x[k])), JSON.stringify({ inst, edits })).toEqual(x.map(() => true));
      }
    }), { numRuns: 300 });
  });

  it('a vol cell edit affects its expiry and the expiries strictly between its neighbours, not the neighbours themselves nor the futures', () => {
    const j = baseJson();
    const a = parseMarketSnapshot(structuredClone(j));
    const e2 = AS_OF + DAYS[2] * DAY;
    const q = j.underlyings.BTC.vols.find((v) => v.expiry === iso(e2))!;
    q.vol += 0.1;
    const b = parseMarketSnapshot(j);
    const d = marketDelta(a, b);
    const opt = (expiryMs: number, strike = q.strike): DeltaInstrument & { strike: number } => ({ kind: 'option', underlying: 'BTC', settlementCurrency: 'BTC', expiryMs, strike });
    expect(d.affects(opt(e2))).toBe(true);
    expect(b.vol('BTC', e2, q.strike)).not.toBe(a.vol('BTC', e2, q.strike));
    // Interpolated in total variance: between the neighbours it moves too.
    const between = AS_OF + DAYS[1] * DAY + DAY;
    expect(d.affects(opt(between))).toBe(true);
    expect(b.vol('BTC', between, q.strike)).not.toBe(a.vol('BTC', between, q.strike));
    // At a neighbouring quoted expiry the surface reads that smile alone.
    for (const n of [DAYS[1], DAYS[3]]) expect(d.affects(opt(AS_OF + n * DAY))).toBe(false);
    expect(d.affects(opt(AS_OF + DAYS[5] * DAY))).toBe(false);
    expect(d.affects({ kind: 'future', underlying: 'BTC', settlementCurrency: 'BTC', expiryMs: e2 })).toBe(false);
    expect(d.affects({ ...opt(e2), underlying: 'ETH', settlementCurrency: 'ETH' })).toBe(false);
  });

  it('an index edit affects every instrument on the underlying or settled in it; asOf moves everything', () => {
    const j = baseJson();
    const a = parseMarketSnapshot(structuredClone(j));
    j.underlyings.ETH.index *= 1.01;
    const d = marketDelta(a, parseMarketSnapshot(j));
    expect(d.affects({ kind: 'perpetual', underlying: 'ETH', settlementCurrency: 'USDC' })).toBe(true);
    expect(d.affects({ kind: 'perpetual', underlying: 'BTC', settlementCurrency: 'ETH' })).toBe(true);
    expect(d.affects({ kind: 'perpetual', underlying: 'BTC', settlementCurrency: 'BTC' })).toBe(false);
    const k = baseJson();
    k.asOf = iso(AS_OF + 1000);
    const all = marketDelta(a, parseMarketSnapshot(k));
    expect(all.all).toBe(true);
    expect(marketDelta(a, parseMarketSnapshot(baseJson())).empty).toBe(true);
  });
});
