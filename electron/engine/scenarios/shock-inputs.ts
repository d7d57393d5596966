/**
 * Apply one underlying's shock to the base inputs of one instrument: index and forward move
 * together by `(1 + move)` (Derive `F_k = F·(1+shock_k)`, margin-methods.md §3.4.2), the vol is
 * re-read per the smile dynamics and then shocked, and time moves forward by the time shift.
 */
import type { SmileDynamics, UnderlyingShock } from './scenario-types';
import { applyVolShock } from './vol-shock';
import { MS_PER_DAY, MS_PER_YEAR } from './market-view';

/** Unshocked inputs of one instrument. `expiryMs`/`strike` absent for perpetuals and spot. */
export interface BaseInputs {
  asOfMs: number;
  index: number;
  forward: number;
  vol: number;
  expiryMs?: number;
  strike?: number;
}

/** Shocked inputs. `expired` means the time shift passed the expiry: settle at `index` (shocked). */
export interface ShockedInputs {
  index: number;
  forward: number;
  vol: number;
  years: number;
  expired: boolean;
}

/**
 * Shock `base`. Sticky-strike (default, §6.2): the option keeps its own vol. Sticky-moneyness:
 * the vol is read at the strike with the same moneyness K/F after the move, via `volAtStrike`.
 * DTE for the term-scaled vol rule counts from the shifted valuation date. `shockedVol`, when
 * given, is used as the already-shocked vol (callers memoise it per vol shock for sticky strike).
 */
export function shockInputs(
  base: BaseInputs, shock: UnderlyingShock, timeShiftDays: number, smile: SmileDynamics,
  volAtStrike?: (strike: number) => number, out?: ShockedInputs, shockedVol?: number,
): ShockedInputs {
  const r = out ?? { index: 0, forward: 0, vol: 0, years: 0, expired: false };
  const g = 1 + shock.move;
  r.index = base.index * g;
  r.forward = base.forward * g;
  const shiftMs = timeShiftDays * MS_PER_DAY;
  if (base.expiryMs === undefined) {
    r.years = Infinity; r.expired = false; r.vol = base.vol;
    return r;
  }
  const remainingMs = base.expiryMs - base.asOfMs - shiftMs;
  r.years = remainingMs / MS_PER_YEAR;
  r.expired = remainingMs <= 0;
  if (r.expired) { r.vol = 0; return r; }
  if (shockedVol !== undefined) { r.vol = shockedVol; return r; }
  let sigma = base.vol;
  if (smile === 'sticky-moneyness' && volAtStrike && base.strike !== undefined && g !== 1) sigma = volAtStrike(base.strike / g);
  r.vol = applyVolShock(sigma, remainingMs / MS_PER_DAY, shock.vol);
  return r;
}
