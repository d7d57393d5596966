/**
 * Golden: Derive PMRM_2 vol-shock multipliers (refdata third_party/derivexyz_v2-core, commit
 * 7736900d…): `1 + VOLRANGEUP·(30/max(DTE, DTE_FLOOR))^p` and `1 − VOLRANGEDOWN·(…)^p`, with
 * DTE = Expiry seconds / 86400 (margin-methods.md §2.3: 1.712811 / 0.607954 at 9.1997 days).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { termScaledMultiplier } from '../../electron/engine/scenarios/vol-shock';

const DIR = join(__dirname, 'refdata/third_party/derivexyz_v2-core/pmrm_2_portfolio_cases');
interface Vs { VOLRANGEUP: number; VOLRANGEDOWN: number; SHORTTERMPOWER: number; LONGTERMPOWER: number; DTE_FLOOR: number }
interface Row { file: string; expiry: number; up: number; down: number; vs: Vs }

function findKey(x: unknown, key: string): unknown {
  if (Array.isArray(x)) { for (const v of x) { const r = findKey(v, key); if (r !== undefined) return r; } return undefined; }
  if (x && typeof x === 'object') {
    for (const [k, v] of Object.entries(x)) { if (k === key) return v; const r = findKey(v, key); if (r !== undefined) return r; }
  }
  return undefined;
}

const rows: Row[] = [];
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.json')).sort()) {
  const d = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
  const ups = (findKey(d, 'VolShockUpMultiplier') ?? []) as number[];
  const downs = (findKey(d, 'VolShockDownMultiplier') ?? []) as number[];
  const opts = d.Scenario.Options as { Expiry: number }[];
  // One multiplier per option, in the order of Scenario.Options.
  ups.forEach((up, i) => rows.push({ file, expiry: opts[i].Expiry, up, down: downs[i], vs: d.Parameters.VolShock }));
}

describe('Derive vol-shock multipliers', () => {
  it('the fixture has multipliers at 9.1997 days and at longer expiries', () => {
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(rows.some((r) => r.expiry === 794852)).toBe(true);
    expect(rows.some((r) => r.expiry / 86400 > 30)).toBe(true);
  });

  it.each(rows)('$file expiry $expiry s', (r) => {
    const dte = r.expiry / 86400;
    const common = { shortPower: r.vs.SHORTTERMPOWER, longPower: r.vs.LONGTERMPOWER, powerSwitchDays: 30, dteFloorDays: r.vs.DTE_FLOOR };
    const up = termScaledMultiplier({ kind: 'term-scaled', direction: 'up', range: r.vs.VOLRANGEUP, ...common }, dte);
    const down = termScaledMultiplier({ kind: 'term-scaled', direction: 'down', range: r.vs.VOLRANGEDOWN, ...common }, dte);
    expect(up).toBeCloseTo(r.up, 12);
    expect(down).toBeCloseTo(r.down, 12);
  });

  it('9.1997 days gives 1.712811 / 0.607954 (margin-methods.md §2.3)', () => {
    const common = { shortPower: 0.3, longPower: 0.13, powerSwitchDays: 30, dteFloorDays: 1 };
    expect(termScaledMultiplier({ kind: 'term-scaled', direction: 'up', range: 0.5, ...common }, 794852 / 86400)).toBeCloseTo(1.712811, 6);
    expect(termScaledMultiplier({ kind: 'term-scaled', direction: 'down', range: 0.275, ...common }, 794852 / 86400)).toBeCloseTo(0.607954, 6);
  });
});
