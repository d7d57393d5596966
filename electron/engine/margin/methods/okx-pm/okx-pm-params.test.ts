import { describe, expect, it } from 'vitest';
import { ParamsError } from '../../params';
import { DEFAULT_OKX_PM_PARAMS, groupFor, resolveOkxPmParams } from './okx-pm-params';

const problemsOf = (json: unknown): string => {
  try { resolveOkxPmParams(json); } catch (e) { expect(e).toBeInstanceOf(ParamsError); return (e as ParamsError).problems.join('\n'); }
  throw new Error('expected a ParamsError');
};

describe('okx-pm parameters', () => {
  it('the Jan-2025 defaults (OKX notice of 2 Jan 2025): BTC/ETH MR1 ±4/8/12 %, MR6 ±24 %, MR4 5 %; SOL MR1 ±25 % MR6 36 %; DOT MR1 ±18 % MR6 50 %', () => {
    const btc = groupFor(DEFAULT_OKX_PM_PARAMS, 'btc');
    expect(btc.name).toBe('btcEth');
    expect(btc.mr1.moves).toEqual([0.04, 0.08, 0.12]);
    expect(btc.mr6.move).toBe(0.24);
    expect(btc.mr4.annualMove).toBe(0.05);
    expect(btc.mr7.tiers.map((t) => t.multiplier)).toEqual([1, 2, 4, 6, 8, 10, 12]);
    expect(btc.mr7.tiers.map((t) => t.upTo)).toEqual([250_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 4_000_000, null]);
    expect(groupFor(DEFAULT_OKX_PM_PARAMS, 'SOL')).toMatchObject({ mr1: { moves: [0.08, 0.16, 0.25] }, mr6: { move: 0.36 }, mr4: { annualMove: 0.15 } });
    expect(groupFor(DEFAULT_OKX_PM_PARAMS, 'DOT')).toMatchObject({ mr1: { moves: [0.06, 0.12, 0.18] }, mr6: { move: 0.5 }, mr4: { annualMove: 0.3 } });
    expect(groupFor(DEFAULT_OKX_PM_PARAMS, 'XRP')).toMatchObject({ mr1: { moves: [0.06, 0.12, 0.18] }, mr6: { move: 0.36 }, mr4: { annualMove: 0.15 } });
    expect(groupFor(DEFAULT_OKX_PM_PARAMS, 'NEWCOIN')).toMatchObject({ name: 'other', mr1: { moves: [0.08, 0.16, 0.25] }, mr6: { move: 0.5 }, mr4: { annualMove: 0.3 } });
    expect(DEFAULT_OKX_PM_PARAMS.imFactor).toBe(1.3);
  });

  it('a group merges by component and field; lists replace; a new group must give every field', () => {
    const p = resolveOkxPmParams({ groups: { btcEth: { mr6: { weight: 1 }, mr1: { moves: [0.05, 0.1] } } } });
    expect(p.groups.btcEth.mr6).toEqual({ move: 0.24, weight: 1 });
    expect(p.groups.btcEth.mr1.moves).toEqual([0.05, 0.1]);
    expect(p.groups.btcEth.mr1.volUp).toBe(0.5);
    expect(p.groups.other).toEqual(DEFAULT_OKX_PM_PARAMS.groups.other);
    const pr = problemsOf({ groups: { mine: { mr6: { move: 0.3, weight: 1 } } }, groupOf: { BTC: 'mine' } });
    for (const f of ['groups.mine.mr1.volUp', 'groups.mine.mr1.moves', 'groups.mine.mr3.shift', 'groups.mine.mr4.annualMove', 'groups.mine.mr5.rateShift', 'groups.mine.mr7.rates.option', 'groups.mine.mr7.tiers']) expect(pr).toContain(f);
    expect(pr).not.toContain('groupOf.BTC');
  });

  it('every bad field is reported at once, each with its path and bound', () => {
    const pr = problemsOf({
      imFactor: 0.5, timeDecayDays: -1, usdDecimals: 40, what: 1,
      groupOf: { BTC: 'nope', ETH: 3 },
      groups: {
        btcEth: {
          mr1: { moves: [0.04, 1.5], volDown: 2, extra: 1 },
          mr3: { pivotDays: 0 }, mr4: { annualMove: 'x' }, mr5: { rateShift: 0.9 }, mr6: { move: 1, weight: 2 },
          mr7: { rates: { option: -1, swap: 0.1 }, tiers: [{ upTo: 100, multiplier: 2 }, { upTo: 50, multiplier: 1 }, { upTo: 10, multiplier: 3 }] },
          mr8: {},
        },
        other: 7,
      },
    });
    for (const f of [
      'imFactor: 0.5', 'timeDecayDays', 'usdDecimals', 'what: unknown parameter', 'groupOf.BTC: unknown group "nope"', 'groupOf.ETH: expected a group name',
      'groups.btcEth.mr1.moves[1]', 'groups.btcEth.mr1.volDown', 'groups.btcEth.mr1.extra: unknown parameter', 'groups.btcEth.mr3.pivotDays',
      'groups.btcEth.mr4.annualMove: expected a finite number', 'groups.btcEth.mr5.rateShift', 'groups.btcEth.mr6.move', 'groups.btcEth.mr6.weight',
      'groups.btcEth.mr7.rates.option', 'groups.btcEth.mr7.rates.swap: unknown instrument kind', 'groups.btcEth.mr7.tiers[1].upTo', 'groups.btcEth.mr7.tiers[1].multiplier',
      'groups.btcEth.mr7.tiers[2].upTo: the last tier is unbounded', 'groups.btcEth.mr8: unknown parameter', 'groups.other: expected an object',
    ]) expect(pr).toContain(f);
  });

  it('bounds at their edges: accepted inside, refused just outside', () => {
    expect(() => resolveOkxPmParams({ imFactor: 1, timeDecayDays: 0, groups: { btcEth: { mr6: { weight: 0 }, mr3: { shift: 1 }, mr5: { rateShift: 0.5 } } } })).not.toThrow();
    expect(problemsOf({ imFactor: 0.999999 })).toContain('imFactor');
    expect(problemsOf({ groups: { btcEth: { mr1: { moves: [] } } } })).toContain('groups.btcEth.mr1.moves: expected a non-empty array');
    expect(problemsOf({ groups: { btcEth: { mr1: { moves: [0] } } } })).toContain('groups.btcEth.mr1.moves[0]');
    expect(problemsOf({ groups: { btcEth: { mr6: { move: 1 } } } })).toContain('groups.btcEth.mr6.move');
    expect(problemsOf({ groupOf: { '*': 'missing' } })).toContain('groupOf.*: unknown group "missing"');
    expect(() => resolveOkxPmParams([1])).toThrow(ParamsError);
  });
});
