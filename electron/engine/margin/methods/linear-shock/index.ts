/**
 * `linear-shock` — a placeholder, labelled as such: worst loss of a ±10 % move on delta-one
 * positions (`run-linear-shock.ts`, scenarios `scenario-template.ts`). It has no parameters.
 */
import type { MarginMethod } from '../../method-contract';
import { ParamsError } from '../../params';
import { DEFAULT_USD_DECIMALS } from '../../usd';
import { LINEAR_SHOCK_ID } from './id';
import { runLinearShock } from './run-linear-shock';
import { linearShockSession } from './linear-shock-session';

/** The placeholder method (kept for comparison with the issue-2 skeleton). */
export const linearShockMethod: MarginMethod = {
  id: LINEAR_SHOCK_ID, label: 'Placeholder: worst loss of a ±10 % move on delta-one positions', version: '1', role: 'placeholder',
  numericParams: [],
  paramsSource: 'placeholder: no parameters',
  // No parameters: anything but nothing (or an empty object) is refused by name.
  parseParams: (json) => {
    if (json === undefined || json === null) return {};
    if (typeof json !== 'object' || Array.isArray(json)) throw new ParamsError('parameters: expected an object');
    const keys = Object.keys(json);
    if (keys.length > 0) throw new ParamsError(keys.map((k) => `${k}: unknown parameter (${LINEAR_SHOCK_ID} has none)`));
    return {};
  },
  usdDecimals: () => DEFAULT_USD_DECIMALS,
  run: runLinearShock,
  session: (market, json) => {
    linearShockMethod.parseParams(json);
    return linearShockSession(market, json);
  },
};
