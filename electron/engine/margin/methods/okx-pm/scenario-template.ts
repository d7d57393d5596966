/**
 * `okx-pm`'s revaluation scenarios through the shared risk arrays (margin-methods.md "okx-pm"):
 * - MR1 (spot × vol stress): per underlying its group's spot shocks ±0/m1/m2/m3 (BTC/ETH Jan 2025:
 *   ±0/4/8/12 %, OKX notice of 2 Jan 2025) × vol up / same / down, the vol shocks by time to expiry
 *   (pmdesk's reading: the term-scaled rule of shared §2.3, OKX's table is not published);
 * - MR6 (extreme move): ± the group's extreme move (BTC/ETH ±24 %) × vol up / same / down, the
 *   P&L weighted by `mr6.weight` (pmdesk's reading);
 * - MR2 (time decay): the valuation date `timeDecayDays` later, spot and vols unchanged.
 * Groups with fewer MR1 moves than others repeat their largest (a repeated scenario changes no maximum).
 */
import type { Scenario, ScenarioSet, UnderlyingShock, VolShock, VolState } from '../../../scenarios/scenario-types';
import { OKX_PM_ID } from './id';
import { groupFor, type OkxGroupParams, type OkxPmParams } from './okx-pm-params';

/** Where each component's scenarios sit in a unit's vector (MR1 and MR6 scenarios, then MR2). */
export interface OkxLayout { mr1: [number, number]; mr6: [number, number]; mr2: number }

const VOL_STATES: VolState[] = ['up', 'same', 'down'];

function volShock(g: OkxGroupParams, state: VolState): VolShock {
  if (state === 'same') return { kind: 'none' };
  const m = g.mr1;
  const s: VolShock = {
    kind: 'term-scaled', direction: state === 'up' ? 'up' : 'down', range: state === 'up' ? m.volUp : m.volDown,
    shortPower: m.shortPower, longPower: m.longPower, powerSwitchDays: m.powerSwitchDays, dteFloorDays: m.dteFloorDays,
  };
  if (state === 'up' && m.minVolUp > 0) s.minVol = m.minVolUp;
  return s;
}

function pct(m: number): string {
  const p = Math.round(m * 1e6) / 1e4;
  return `${p > 0 ? '+' : ''}${p}%`;
}

/** The signed MR1 moves of a group, K a side: −m_K … −m_1, 0, +m_1 … +m_K (padded with its largest). */
export function mr1Moves(g: OkxGroupParams, k: number): number[] {
  const ms = [...g.mr1.moves].sort((a, b) => a - b);
  const side = Array.from({ length: k }, (_, i) => ms[Math.min(i, ms.length - 1)]);
  return [...side.map((m) => -m).reverse(), 0, ...side];
}

/**
 * The scenario sets over `underlyings` (others: the `*` group): MR1 and MR6 in `set`, MR2 in
 * `decaySet`; `layout` indexes the unit vector `[...set, ...decaySet]`.
 */
export function okxScenarioSet(p: OkxPmParams, underlyings: readonly string[]): { set: ScenarioSet; decaySet: ScenarioSet; layout: OkxLayout } {
  const star = groupFor(p, '*');
  const own = new Map(underlyings.map((u) => [u, groupFor(p, u)]));
  const k = Math.max(star.mr1.moves.length, ...[...own.values()].map((g) => g.mr1.moves.length));
  const moves = new Map([...own].map(([u, g]) => [u, mr1Moves(g, k)]));
  const starMoves = mr1Moves(star, k);
  const scenarios: Scenario[] = [];
  const per = (f: (g: OkxGroupParams & { name: string }, u: string | undefined) => UnderlyingShock) => {
    const shocks: Record<string, UnderlyingShock> = {};
    for (const [u, g] of own) shocks[u] = f(g, u);
    return { shocks, defaultShock: f(star, undefined) };
  };
  // The move in a label: the one move when every group of the book agrees, else per group name.
  const used = [...new Map([...own.values()].map((g) => [g.name, g])).values()];
  const moveText = (f: (g: OkxGroupParams) => number) => {
    const texts = [...new Set((used.length ? used : [star]).map((g) => pct(f(g))))];
    return texts.length === 1 ? texts[0] : used.map((g) => `${g.name} ${pct(f(g))}`).join(', ');
  };
  for (let j = 0; j < 2 * k + 1; j++) {
    for (const v of VOL_STATES) {
      const { shocks, defaultShock } = per((g, u) => ({ move: (u === undefined ? starMoves : moves.get(u)!)[j], vol: volShock(g, v) }));
      scenarios.push({ id: `mr1-${j + 1}-${v}`, label: `MR1 spot ${moveText((g) => mr1Moves(g, k)[j])} vol ${v}`, table: 'standard', shocks, defaultShock, bucket: j + 1, volState: v });
    }
  }
  const mr1: [number, number] = [0, scenarios.length];
  for (const sign of [-1, 1]) {
    for (const v of VOL_STATES) {
      const { shocks, defaultShock } = per((g) => ({ move: sign * g.mr6.move, vol: volShock(g, v), pnlWeight: g.mr6.weight }));
      scenarios.push({ id: `mr6-${sign < 0 ? 'down' : 'up'}-${v}`, label: `MR6 extreme ${moveText((g) => sign * g.mr6.move)} vol ${v}, weighted`, table: 'extended', shocks, defaultShock, volState: v });
    }
  }
  const mr6: [number, number] = [mr1[1], scenarios.length];
  // MR2 in a set of its own: a time shift in the main set would cost its rows the paired call/put
  // and delta-one fast paths of RiskArrays (20,000-position synthetic book, one set: 73 ms per run with the
  // time shift in it, 44 ms without; shared machine).
  const decay: Scenario = { id: 'mr2-time', label: `MR2 time decay: ${p.timeDecayDays} day(s) later`, table: 'custom', shocks: {}, timeShiftDays: p.timeDecayDays, volState: 'same' };
  const meta = { name: `${p.name} scenarios`, version: p.version, smile: 'sticky-strike' as const };
  return {
    set: { id: OKX_PM_ID, ...meta, scenarios },
    decaySet: { id: `${OKX_PM_ID}-mr2`, ...meta, scenarios: [decay] },
    layout: { mr1, mr6, mr2: scenarios.length },
  };
}
