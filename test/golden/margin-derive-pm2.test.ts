/**
 * Golden: `derive-pm2` reproduces every Derive PMRM_2 portfolio case copied into
 * refdata/third_party/derivexyz_v2-core/pmrm_2_portfolio_cases (v2-core commit 7736900d, files
 * unchanged). Inputs are read as the v2-core harness reads them
 * (`test/risk-managers/unit-tests/PMRM_2/TestPMRM_2_PortfolioCasesNEW.t.sol`): each file's own
 * `Parameters` block is the parameter set; options from `Scenario.Options` with their `MarkVol`
 * (the SVI vol the harness's feed returns); forward and rate from `Scenario.OptionFeeds` (below
 * 30 minutes the forward is split fixed/variable as in `_setFeeds`). Tolerance as the harness:
 * relative 1e-8 (`assertApproxEqRel(…, 1e10)` on 1e18), absolute 1e-8 where either side is
 * below 1e-10 in magnitude. Every scenario P&L, the worst regular/tail/skew losses, the forward
 * contingency, option MtM, the perp and option contingencies, MM and IM are compared.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivePm2Margin, type Pm2Expiry, type Pm2Portfolio } from '../../electron/engine/margin/methods/derive-pm2/pm2-kernel';
import { resolveDerivePm2Params } from '../../electron/engine/margin/methods/derive-pm2/derive-pm2-params';

const DIR = join(__dirname, 'refdata/third_party/derivexyz_v2-core/pmrm_2_portfolio_cases');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

type Num = number | string;
interface CaseFile {
  Scenario: {
    Cash: Num; Collaterals: unknown[]; SpotPrice: Num; NumPerps: Num; PerpPrice: Num; UnrealisedPerpPNL: Num; UnrealisedFunding: Num; StablePrice: Num;
    Options: { Expiry: number; Strike: Num; IsCall: number; MarkVol: Num; Amount: Num }[];
    OptionFeeds: { FeedExpiry: number; Forward: Num; Rate: Num }[];
  };
  Parameters: unknown;
  Result: Record<string, unknown> & { reg_losses: [Num, number, Num][]; tail_losses: [Num, number, Num][]; skew_losses: [string, Num][] };
}

const n = (x: Num): number => Number(x);

function portfolioOf(c: CaseFile): Pm2Portfolio {
  const s = c.Scenario;
  const expiries: Pm2Expiry[] = s.OptionFeeds.map((f) => {
    const sec = f.FeedExpiry, fwd = n(f.Forward);
    // _setFeeds: below 30 minutes setForwardPricePortions(fixed = F·(1800 − sec)/1800, variable = F·sec/1800).
    const [fixed, variable] = sec < 1800 ? [(fwd * (1800 - sec)) / 1800, (fwd * sec) / 1800] : [0, fwd];
    return {
      secToExpiry: sec, forwardFixed: fixed, forwardVariable: variable, rate: n(f.Rate),
      options: s.Options.filter((o) => o.Expiry === sec).map((o) => ({ strike: n(o.Strike), isCall: o.IsCall === 1, vol: n(o.MarkVol), amount: n(o.Amount) })),
    };
  });
  return {
    spot: n(s.SpotPrice), stablePrice: n(s.StablePrice), cash: n(s.Cash),
    perpPosition: n(s.NumPerps), perpPrice: n(s.PerpPrice), perpValue: n(s.UnrealisedPerpPNL) + n(s.UnrealisedFunding), expiries,
  };
}

function close(actual: number, expected: number, what: string): void {
  if (Math.abs(actual) < 1e-10 || Math.abs(expected) < 1e-10) {
    expect(Math.abs(actual - expected), what).toBeLessThanOrEqual(1e-8);
  } else {
    expect(Math.abs(actual - expected) / Math.abs(expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-8);
  }
}

describe('Derive PMRM_2 portfolio cases (derive-pm2)', () => {
  it('reads all seven copied cases', () => {
    expect(FILES).toHaveLength(7);
  });

  it.each(FILES)('%s', (file) => {
    const c = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as CaseFile;
    // Collateral haircuts are not modelled by the kernel: a case with collateral would need them.
    expect(c.Scenario.Collaterals).toEqual([]);
    // Every option's expiry has a feed.
    for (const o of c.Scenario.Options) expect(c.Scenario.OptionFeeds.some((f) => f.FeedExpiry === o.Expiry)).toBe(true);
    const params = resolveDerivePm2Params(c.Parameters);
    const r = derivePm2Margin(portfolioOf(c), params);
    const R = c.Result;
    const expected = [...R.reg_losses.map((x) => n(x[2])), ...R.tail_losses.map((x) => n(x[2])), ...R.skew_losses.map((x) => n(x[1]))];
    expect(r.scenarios).toHaveLength(expected.length);
    r.scenarios.forEach((s, i) => close(s.pnl, expected[i], `scenario ${i} (${s.scenario.SpotShock} ${s.scenario.VolShockDirection})`));
    // The file's reg/tail/skew split is the kernel's classification.
    expect(r.scenarios.map((s) => s.kind)).toEqual([...R.reg_losses.map(() => 'regular'), ...R.tail_losses.map(() => 'tail'), ...R.skew_losses.map(() => 'skew')]);
    close(r.worst.regular ?? 0, n(R.worst_reg_loss as Num), 'worst_reg_loss');
    close(r.worst.tail ?? 0, n(R.worst_tail_loss as Num), 'worst_tail_loss');
    close(r.worst.skew ?? 0, n(R.worst_skew_loss as Num), 'worst_skew_loss');
    close(r.basisContingency, n(R.ForwardContingency as Num), 'ForwardContingency');
    close(r.optionMtm, n(R.OptionMTM as Num), 'OptionMTM');
    close(r.mtm, n(R.PortfolioMTM as Num), 'PortfolioMTM');
    // The file writes contingencies as (negative) margin terms.
    close(-r.contingency.mmOption, n(R.MMOptionCont as Num), 'MMOptionCont');
    close(-r.contingency.imOption, n(R.IMOptionCont as Num), 'IMOptionCont');
    close(-r.contingency.mmPerp, n(R.MMPerpCont as Num), 'MMPerpCont');
    close(-r.contingency.imPerp, n(R.IMPerpCont as Num), 'IMPerpCont');
    close(r.mmFactor, n(R.MMLossFactor as Num), 'MMLossFactor');
    close(r.mm, n(R.MM as Num), 'MM');
    close(r.im, n(R.IM as Num), 'IM');
    // The binding component the file names.
    const kind = r.worstIndex < 0 ? 'forward' : r.scenarios[r.worstIndex].kind;
    expect(kind).toBe(R.worst_all_scenarios);
  });
});
