/**
 * Validation of scenario sets as JSON documents (docs/margin-methods.md §2): unknown fields are
 * errors and every message names the offending path.
 */
import type { Scenario, ScenarioSet, UnderlyingShock, VolShock } from './scenario-types';

/** A malformed scenario-set document; `message` names the path. */
export class ScenarioSetError extends Error {
  constructor(message: string) { super(message); this.name = 'ScenarioSetError'; }
}

function obj(at: string, x: unknown, allowed: string[]): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ScenarioSetError(`${at}: expected an object`);
  for (const k of Object.keys(x)) if (!allowed.includes(k)) throw new ScenarioSetError(`${at}.${k}: unknown field`);
  return x as Record<string, unknown>;
}

function num(at: string, x: unknown, min = -Infinity): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < min) throw new ScenarioSetError(`${at}: expected a number${min > -Infinity ? ` ≥ ${min}` : ''}`);
  return x;
}

function text(at: string, x: unknown): string {
  if (typeof x !== 'string' || x.trim() === '') throw new ScenarioSetError(`${at}: expected non-empty text`);
  return x;
}

function volShock(at: string, x: unknown): VolShock {
  const o = obj(at, x, ['kind', 'shift', 'factor', 'direction', 'range', 'shortPower', 'longPower', 'powerSwitchDays', 'dteFloorDays', 'minVol']);
  switch (o.kind) {
    case 'none': return { kind: 'none' };
    case 'absolute': return { kind: 'absolute', shift: num(`${at}.shift`, o.shift) };
    case 'relative': return { kind: 'relative', factor: num(`${at}.factor`, o.factor) };
    case 'term-scaled': {
      if (o.direction !== 'up' && o.direction !== 'down') throw new ScenarioSetError(`${at}.direction: expected up or down`);
      return {
        kind: 'term-scaled', direction: o.direction, range: num(`${at}.range`, o.range, 0),
        shortPower: num(`${at}.shortPower`, o.shortPower ?? 0.3), longPower: num(`${at}.longPower`, o.longPower ?? 0.13),
        powerSwitchDays: num(`${at}.powerSwitchDays`, o.powerSwitchDays ?? 30, 0), dteFloorDays: num(`${at}.dteFloorDays`, o.dteFloorDays ?? 1, 1e-9),
        minVol: o.minVol === undefined ? undefined : num(`${at}.minVol`, o.minVol, 0),
      };
    }
    default: throw new ScenarioSetError(`${at}.kind: expected none, absolute, relative or term-scaled`);
  }
}

function shock(at: string, x: unknown): UnderlyingShock {
  const o = obj(at, x, ['move', 'vol', 'pnlWeight']);
  const move = num(`${at}.move`, o.move);
  if (move <= -1) throw new ScenarioSetError(`${at}.move: must be above -1 (a price cannot fall 100 %)`);
  return { move, vol: o.vol === undefined ? { kind: 'none' } : volShock(`${at}.vol`, o.vol), pnlWeight: o.pnlWeight === undefined ? undefined : num(`${at}.pnlWeight`, o.pnlWeight) };
}

/** Parse and validate a scenario-set document. */
export function parseScenarioSet(json: unknown): ScenarioSet {
  const o = obj('scenarioSet', json, ['id', 'name', 'version', 'smile', 'scenarios']);
  const smile = o.smile ?? 'sticky-strike';
  if (smile !== 'sticky-strike' && smile !== 'sticky-moneyness') throw new ScenarioSetError('scenarioSet.smile: expected sticky-strike or sticky-moneyness');
  if (!Array.isArray(o.scenarios) || o.scenarios.length === 0) throw new ScenarioSetError('scenarioSet.scenarios: expected a non-empty array');
  const ids = new Set<string>();
  const scenarios: Scenario[] = o.scenarios.map((s, i) => {
    const at = `scenarioSet.scenarios[${i}]`;
    const so = obj(at, s, ['id', 'label', 'table', 'shocks', 'defaultShock', 'timeShiftDays', 'bucket', 'volState']);
    const id = text(`${at}.id`, so.id);
    if (ids.has(id)) throw new ScenarioSetError(`${at}.id: duplicate id ${JSON.stringify(id)}`);
    ids.add(id);
    const shocks: Record<string, UnderlyingShock> = {};
    for (const [u, v] of Object.entries(obj(`${at}.shocks`, so.shocks ?? {}, Object.keys((so.shocks as object) ?? {})))) shocks[u] = shock(`${at}.shocks.${u}`, v);
    return {
      id, label: so.label === undefined ? id : text(`${at}.label`, so.label), table: 'custom', shocks,
      defaultShock: so.defaultShock === undefined ? undefined : shock(`${at}.defaultShock`, so.defaultShock),
      timeShiftDays: so.timeShiftDays === undefined ? undefined : num(`${at}.timeShiftDays`, so.timeShiftDays, 0),
    };
  });
  return {
    id: o.id === undefined ? 'custom' : text('scenarioSet.id', o.id), name: o.name === undefined ? 'custom scenarios' : text('scenarioSet.name', o.name),
    version: o.version === undefined ? '1' : text('scenarioSet.version', o.version), smile, scenarios,
  };
}
