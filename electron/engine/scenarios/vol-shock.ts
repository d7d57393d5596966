/** Vol shocks (margin-methods.md §1.2, §2.3): absolute, relative and term-scaled. */
import type { VolShock } from './scenario-types';

/**
 * The term-scaling factor `(30 / max(DTE, floor))^p` with `p = shortPower` when DTE < switch.
 * Source: Derive pm2.md `(30/365 / max(1/365, TTE))^VEGA_POWER`; Paradex `(30/max(floor, DTE))^p`;
 * Deribit legacy `(30/DTE)^0.30` (margin-methods.md §2.3). The `<` boundary is [UNCONFIRMED].
 */
export function termScale(dteDays: number, shortPower: number, longPower: number, powerSwitchDays: number, dteFloorDays: number): number {
  const p = dteDays < powerSwitchDays ? shortPower : longPower;
  return Math.pow(30 / Math.max(dteDays, dteFloorDays), p);
}

/**
 * The multiplier σ_shocked/σ of a term-scaled shock before the floors, e.g. 1.712811 (up 0.5) and
 * 0.607954 (down 0.275) at 9.1997 days (Derive PMRM_2 test vectors, margin-methods.md §2.3).
 */
export function termScaledMultiplier(shock: Extract<VolShock, { kind: 'term-scaled' }>, dteDays: number): number {
  const s = termScale(dteDays, shock.shortPower, shock.longPower, shock.powerSwitchDays, shock.dteFloorDays);
  return shock.direction === 'up' ? 1 + shock.range * s : 1 - shock.range * s;
}

/**
 * Apply `shock` to a vol `sigma` (decimal) of an option with `dteDays` to expiry. Results are
 * floored at 0; a term-scaled up-shock is floored at `minVol` (Derive PMRMLib_2_1.sol
 * `max(minVol, vol × volShock)`, minVol on up-shocks only).
 */
export function applyVolShock(sigma: number, dteDays: number, shock: VolShock): number {
  switch (shock.kind) {
    case 'none':
      return sigma;
    case 'absolute':
      return Math.max(sigma + shock.shift, 0);
    case 'relative':
      return Math.max(sigma * (1 + shock.factor), 0);
    case 'term-scaled': {
      const v = Math.max(sigma * termScaledMultiplier(shock, dteDays), 0);
      return shock.direction === 'up' && shock.minVol !== undefined ? Math.max(v, shock.minVol) : v;
    }
  }
}
