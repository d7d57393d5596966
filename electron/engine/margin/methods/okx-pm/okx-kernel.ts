/**
 * `okx-pm` per risk unit (one underlying: all its perpetuals, futures and options, margined in USD;
 * OKX's risk-unit merge of Dec 2024 – Jan 2025, shared margin-methods.md §3.1):
 *
 *   MMR_unit = max( max(MR1, MR2, MR6) + MR3 + MR4 + MR5 , MR7 )     (okx.com support 4417291853837)
 *   MMR = Σ_units MMR_unit,   IMR = imFactor · MMR                    (imFactor 1.3, OKX help)
 *
 * MR1, MR6 and MR2 are the worst losses over their scenarios of the shared risk arrays
 * (scenario-template.ts). This file adds, per instrument, the rows of the stresses the shared
 * scenario type cannot express (each a full revaluation of one unit of size, in USD), and
 * aggregates. Each row is a P&L per unit of size, so every component is a function of the
 * per-instrument scenario P&L and the net sizes (pmdesk's readings where OKX publishes no formula):
 * - MR3 (vol term structure, options): the term structure twists — vols of expiries within
 *   `pivotDays` scaled by (1 + shift) and later ones by (1 − shift), and the reverse;
 *   MR3 = max(0, −P&L_twist, −P&L_reverse);
 * - MR4 (basis, all derivatives): each forward (a perpetual's price too) moves against the index
 *   by ± annualMove · max(T, minDays/365) ("annualized move risk", OKX Jan 2025: BTC/ETH 5 %),
 *   the index itself unchanged; MR4 = max(0, −P&L_up, −P&L_down);
 * - MR5 (rates, options): the undiscounted option values discounted at ± rateShift,
 *   V·(e^{∓Δr·T} − 1); MR5 = max(0, −P&L_up, −P&L_down);
 * - MR7 (minimum charge): raw = Σ_instruments |net size| · USD notional per unit · rate of its kind,
 *   then the incremental tiers: adjusted = Σ_tiers multiplier · (part of raw inside the tier)
 *   (the notice's example: 10,000 + (30,000 − 10,000)·2 = 50,000 under the old tiers).
 */
import type { MarketView } from '../../../scenarios/market-view';
import { MS_PER_YEAR } from '../../../scenarios/market-view';
import type { ShockedInputs } from '../../../scenarios/shock-inputs';
import type { MarginInstrument } from '../../margin-instrument';
import { unitValue } from '../../valuation';
import type { OkxLayout } from './scenario-template';
import type { Mr7Tier, OkxGroupParams } from './okx-pm-params';

/** Extra rows of one instrument (USD P&L per unit of size) and its MR7 charge per unit of size. */
export interface OkxExtraRow { mr3: [number, number]; mr4: [number, number]; mr5: [number, number]; mr7: number }

/** USD P&L of one unit from `v0` to `v1` (settlement values) with the index unchanged at `s`. */
function usdPnl(inst: MarginInstrument, v0: number, v1: number, s: number): number {
  if (inst.kind === 'spot') return 0;
  return inst.settlement === 'inverse' ? (v1 - v0) * s : v1 - v0;
}

/** The extra rows of `inst` at `market` under group `g`. */
export function extraRow(inst: MarginInstrument, market: MarketView, g: OkxGroupParams): OkxExtraRow {
  const s = market.index(inst.underlying);
  const live = inst.expiryMs === undefined || inst.expiryMs > market.asOfMs;
  const years = inst.expiryMs === undefined ? 0 : Math.max(0, (inst.expiryMs - market.asOfMs) / MS_PER_YEAR);
  const forward = inst.kind === 'future' || inst.kind === 'option' ? (inst.expiryMs !== undefined && live ? market.forward(inst.underlying, inst.expiryMs) : s) : s;
  // MR7 notional per unit of size (USD): options and linear contracts are sized in coins, inverse delta-one in USD.
  const notional = inst.kind === 'option' || inst.kind === 'spot' ? s : inst.settlement === 'inverse' ? 1 : inst.kind === 'future' ? forward : s;
  const mr7 = live ? notional * g.mr7.rates[inst.kind] : 0;
  const out: OkxExtraRow = { mr3: [0, 0], mr4: [0, 0], mr5: [0, 0], mr7 };
  if (!live || inst.kind === 'spot') return out;
  const vol = inst.kind === 'option' ? market.vol(inst.underlying, inst.expiryMs!, inst.strike!) : 0;
  const x: ShockedInputs = { index: s, forward, vol, years: inst.expiryMs === undefined ? Infinity : years, expired: false };
  const v0 = unitValue(inst, x);
  const at = (f: (y: ShockedInputs) => void): number => { const y = { ...x }; f(y); return usdPnl(inst, v0, unitValue(inst, y), s); };
  // MR4: basis. A perpetual's price is its index in valuation.ts, so its move goes on `index` (USD conversion stays at s).
  const b = g.mr4.annualMove * Math.max(years, g.mr4.minDays / 365);
  // A long-dated contract can still meet a move of 100 % or more: no forward at or below 0 is valued.
  if (!(b < 1)) throw new RangeError(`${inst.symbol}: MR4 basis move mr4.annualMove × years to expiry = ${b} takes the forward to 0 or below`);
  for (const [i, sign] of [[0, 1], [1, -1]] as const) {
    out.mr4[i] = at((y) => { if (inst.kind === 'perpetual') y.index = s * (1 + sign * b); else y.forward = forward * (1 + sign * b); });
  }
  if (inst.kind !== 'option') return out;
  // MR3: twist around pivotDays.
  const dte = years * 365;
  const near = dte <= g.mr3.pivotDays ? 1 : -1;
  for (const [i, sign] of [[0, 1], [1, -1]] as const) out.mr3[i] = at((y) => { y.vol = Math.max(0, vol * (1 + sign * near * g.mr3.shift)); });
  // MR5: discounting of the (undiscounted) option value at ± rateShift; USD value × (e^{∓Δr·T} − 1).
  const vUsd = usdPnl(inst, 0, v0, s);
  out.mr5[0] = vUsd * Math.expm1(-g.mr5.rateShift * years);
  out.mr5[1] = vUsd * Math.expm1(g.mr5.rateShift * years);
  return out;
}

/** The incremental MR7 tiers on a raw minimum charge. */
export function tieredMinimum(raw: number, tiers: readonly Mr7Tier[]): number {
  let out = 0, lo = 0;
  for (const t of tiers) {
    const hi = t.upTo ?? Infinity;
    if (raw <= lo) break;
    out += t.multiplier * (Math.min(raw, hi) - lo);
    lo = hi;
  }
  return out;
}

/** The components of one risk unit. */
export interface OkxUnit {
  underlying: string;
  group: string;
  mr1: number; mr2: number; mr3: number; mr4: number; mr5: number; mr6: number;
  mr7Raw: number; mr7: number;
  /** Scenario index of the worst MR1 and MR6 losses (−1: none). */
  mr1At: number; mr6At: number;
  mmr: number;
}

/** One unit's net holdings: rows of the risk arrays with their aggregated sizes and extra rows. */
export interface UnitHoldings { rows: { size: number; extra: OkxExtraRow }[]; vector: ArrayLike<number> }

/** The components and MMR of a unit. */
export function unitFigures(underlying: string, group: OkxGroupParams & { name: string }, h: UnitHoldings, layout: OkxLayout): OkxUnit {
  const worst = ([a, b]: [number, number]) => {
    let loss = 0, at = -1;
    for (let j = a; j < b; j++) if (-h.vector[j] > loss) { loss = -h.vector[j]; at = j; }
    return { loss, at };
  };
  const w1 = worst(layout.mr1), w6 = worst(layout.mr6);
  const mr2 = Math.max(0, -h.vector[layout.mr2]);
  // One accumulator per component and direction, each summed over the rows in order.
  let a3 = 0, b3 = 0, a4 = 0, b4 = 0, a5 = 0, b5 = 0, mr7Raw = 0;
  const rows = h.rows;
  for (let i = 0; i < rows.length; i++) {
    const { size, extra } = rows[i];
    a3 += size * extra.mr3[0]; b3 += size * extra.mr3[1];
    a4 += size * extra.mr4[0]; b4 += size * extra.mr4[1];
    a5 += size * extra.mr5[0]; b5 += size * extra.mr5[1];
    mr7Raw += Math.abs(size) * extra.mr7;
  }
  const loss = (up: number, down: number) => Math.max(0, -up, -down);
  const mr3 = loss(a3, b3), mr4 = loss(a4, b4), mr5 = loss(a5, b5);
  const mr7 = tieredMinimum(mr7Raw, group.mr7.tiers);
  const mmr = Math.max(Math.max(w1.loss, mr2, w6.loss) + mr3 + mr4 + mr5, mr7);
  return { underlying, group: group.name, mr1: w1.loss, mr2, mr3, mr4, mr5, mr6: w6.loss, mr7Raw, mr7, mr1At: w1.at, mr6At: w6.at, mmr };
}
