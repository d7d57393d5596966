import { describe, expect, it } from 'vitest';
import { draftOfSet, newScenario, newSetDraft, ScenarioDraftError, setOfDraft, underlyingsOf, type ScenarioSetDraft } from './scenario-draft';

const issueExample = (): ScenarioSetDraft => {
  const d = newSetDraft(['BTC', 'ETH'], 'Crash week');
  d.scenarios[0] = { ...d.scenarios[0]!, label: 'BTC −25 %, ETH −30 %, vols +50 %, 7 days later', moves: { BTC: '−25', ETH: '-30 %' }, volMode: 'relative', vol: '50', days: '7' };
  return d;
};

describe('scenario draft', () => {
  it('writes the issue example as the stored format, percent texts shifted exactly', () => {
    expect(setOfDraft(issueExample())).toEqual({
      id: 'crash-week', name: 'Crash week', version: '1', smile: 'sticky-strike',
      scenarios: [{
        id: 's1', label: 'BTC −25 %, ETH −30 %, vols +50 %, 7 days later',
        shocks: { BTC: { move: -0.25, vol: { kind: 'relative', factor: 0.5 } }, ETH: { move: -0.3, vol: { kind: 'relative', factor: 0.5 } } },
        defaultShock: { move: 0, vol: { kind: 'relative', factor: 0.5 } }, timeShiftDays: 7,
      }],
    });
    const d = issueExample();
    d.scenarios[0] = { ...d.scenarios[0]!, moves: { BTC: '1.1' }, volMode: 'absolute', vol: '-5', days: '' };
    const s = setOfDraft(d) as { scenarios: { shocks: Record<string, { move: number; vol: unknown }>; timeShiftDays?: number }[] };
    expect(s.scenarios[0]!.shocks['BTC']).toEqual({ move: 0.011, vol: { kind: 'absolute', shift: -0.05 } });
    expect(s.scenarios[0]!.timeShiftDays).toBeUndefined();
  });

  it('reads back what it writes; a default shock shows in the columns it applies to', () => {
    const d = issueExample();
    d.scenarios.push({ ...newScenario(d), label: 'rally', moves: { BTC: '12.5' }, otherMove: '3' });
    const back = draftOfSet(setOfDraft(d), ['BTC', 'ETH']);
    expect(back.scenarios[0]).toEqual({ ...d.scenarios[0], moves: { BTC: '-25', ETH: '-30' } });
    expect(back.scenarios[1]!.moves).toEqual({ BTC: '12.5', ETH: '' });
    expect(setOfDraft(back)).toEqual(setOfDraft(d));
    const stored = { name: 'x', scenarios: [{ id: 'a', shocks: { BTC: { move: -0.1 } }, defaultShock: { move: -0.2 } }] };
    expect(draftOfSet(stored, ['BTC', 'SOL']).scenarios[0]!.moves).toEqual({ BTC: '-10', SOL: '-20' });
  });

  it('refuses bad input naming the item', () => {
    const bad = (f: (d: ScenarioSetDraft) => void, re: RegExp) => {
      const d = issueExample();
      f(d);
      expect(() => setOfDraft(d)).toThrow(ScenarioDraftError);
      expect(() => setOfDraft(d)).toThrow(re);
    };
    bad((d) => { d.scenarios[0]!.moves['BTC'] = 'abc'; }, /scenario 1 \(BTC −25 %.*\) BTC move: "abc" is not a move/);
    bad((d) => { d.scenarios[0]!.moves['ETH'] = '-100'; }, /ETH move: a price cannot fall 100 %/);
    bad((d) => { d.scenarios[0]!.days = '-1'; }, /days later: must be 0 to 3650/);
    bad((d) => { d.scenarios[0]!.vol = '-100'; }, /vol: a relative vol change must be above -100 %/);
    bad((d) => { d.name = ' '; }, /^name: a scenario set needs a name/);
    bad((d) => { d.scenarios.push({ ...d.scenarios[0]! }); }, /duplicate id s1/);
    expect(() => draftOfSet({ scenarios: [{ id: 'a', shocks: { BTC: { move: 0, vol: { kind: 'term-scaled', direction: 'up', range: 0.3 } } }, defaultShock: { move: 0, vol: { kind: 'term-scaled', direction: 'up', range: 0.3 } } }] }, [])).toThrow(/term-scaled vol shocks are not shown/);
    expect(() => draftOfSet({ scenarios: [{ id: 'a', shocks: { BTC: { move: 0, pnlWeight: 2 } } }] }, [])).toThrow(/P&L weights/);
  });

  it('finds the underlyings of a book', () => {
    expect(underlyingsOf(['BTC-PERPETUAL', 'ETH_USDC-27MAR26-3000-C', 'BTC-27MAR26', 'sol_usdc-perpetual'])).toEqual(['BTC', 'ETH', 'SOL']);
  });
});
