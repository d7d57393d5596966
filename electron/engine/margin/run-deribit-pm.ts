/** Runs `deribit-pm` / `deribit-pm-cross` end to end: book → margins → explanation → account view. */
import { Dec, fromFloat, roundHalfEven, toDecimalString } from '../money';
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../scenarios/market-view';
import { accountView, equityByCurrency, equityEvaluator, shiftedMarket, type SubBookProbe } from './account-view';
import { DeribitPm, type PmResult } from './deribit-pm';
import { explainPm } from './deribit-pm-explain';
import { currencyParams, resolveDeribitPmParams, USD_LIKE, type DeribitPmParams } from './deribit-params';
import { idsUnique, MarginInputError, type MarginInput } from './margin-input';
import type { MarginInstrument } from './margin-instrument';
import type { MethodRunInput } from './registry';

/** Build a calculator holding every position of `input` (cross mode adds coin collateral rows). */
export function buildPm(market: MarketView, params: DeribitPmParams, input: MarginInput, mode: 'segregated' | 'cross'): DeribitPm {
  const pm = new DeribitPm(market, params, mode);
  // Instruments in first-appearance order, priced together (call/put pairs share work).
  const seen = new Set<MarginInstrument>();
  for (const p of input.positions) seen.add(p.inst);
  try { pm.prepare([...seen]); } catch { /* an instrument without market data: the loop below reports it per position */ }
  // Ids validated distinct by parseMarginInput need no lookup per position.
  const fresh = idsUnique(input.positions);
  if (fresh) pm.reserve(input.positions.length);
  for (const p of input.positions) {
    try {
      if (fresh) pm.addNewPosition(p.id, p.inst, p.sizeText ?? p.size, p.sizeText);
      else pm.setPosition(p.id, p.inst, p.sizeText ?? p.size, p.sizeText);
    } catch (e) {
      throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (mode === 'cross') {
    for (const [ccy, amt] of input.balances) {
      if (USD_LIKE.has(ccy) || amt.isZero()) continue;
      // §2.10 working interpretation: coin balances are delta positions in their own scenarios
      // when equity_side_impact is "both" (or any value other than "none").
      if (currencyParams(params, ccy).equity_side_impact === 'none') continue;
      const inst: MarginInstrument = { symbol: ccy, kind: 'spot', underlying: ccy, settlement: 'linear', settlementCurrency: ccy };
      try { pm.setPosition(`balance:${ccy}`, inst, amt); } catch (e) {
        throw new MarginInputError(`balance ${ccy}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return pm;
}

/** Cross-mode equity in USD: Σ equity_c · USD rate · (1 − haircut_c) (§2.10 haircuts). */
function crossEquity(m: MarketView, input: MarginInput, params: DeribitPmParams): Map<string, number> {
  return crossEquityOf(m, equityByCurrency(m, input), params);
}

function crossEquityOf(m: MarketView, byCcy: Map<string, number>, params: DeribitPmParams): Map<string, number> {
  let usd = 0;
  for (const [c, e] of byCcy) {
    const rate = USD_LIKE.has(c) || c === 'USD' ? 1 : m.index(c);
    usd += e * rate * (1 - currencyParams(params, c).haircut);
  }
  return new Map([['USD', usd]]);
}

/** Run the method and build the result DTO. */
export function runDeribitPm(req: MethodRunInput, mode: 'segregated' | 'cross'): MarginResultDto {
  const params = resolveDeribitPmParams(req.params);
  const pm = buildPm(req.market, params, req.input, mode);
  const r = pm.compute({ marginal: req.marginal });
  const byCurrency = explainPm(pm, r, params.pmdesk.usdDecimals);
  let imUsd = new Dec(0), mmUsd = new Dec(0);
  for (const c of Object.values(byCurrency)) { imUsd = imUsd.plus(c.initialMarginUsd); mmUsd = mmUsd.plus(c.maintenanceMarginUsd); }
  const result: MarginResultDto = {
    method: mode === 'cross' ? 'deribit-pm-cross' : 'deribit-pm',
    methodVersion: '2024',
    parameterSet: { name: params.name, version: params.version },
    asOf: new Date(req.market.asOfMs).toISOString(),
    mode,
    byCurrency,
    totals: { initialMarginUsd: toDecimalString(imUsd), maintenanceMarginUsd: toDecimalString(mmUsd) },
    notes: [
      'IM = worst case + roll shock + delta shock; MM = mm_factor × IM (margin-methods.md §2.8).',
      'Vector order: 9 buckets from −range to +range × vol (up, same, down), then the extended table (vol up).',
      ...(mode === 'cross' ? ['Cross mode: all groups in USD; coin balances counted as spot rows; equity haircut per currency.'] : []),
    ],
  };
  if (req.account) {
    const margins = (r: PmResult) => {
      const out = new Map<string, { im: number; mm: number }>();
      for (const c of r.currencies) out.set(c.currency, { im: c.im.toNumber(), mm: c.mm.toNumber() });
      return out;
    };
    const marginAt = (mk: MarketView, book: MarginInput) => margins(buildPm(mk, params, book, mode).compute());
    // Root-search probes: each sub-book is parsed and aggregated once; a probe re-prices its
    // instruments at the shifted market (once each) and re-runs the margin, and values options
    // for equity once per instrument — the same numbers as a fresh build at that market.
    const probe: SubBookProbe = (book, u) => {
      const pm0 = buildPm(req.market, params, book, mode);
      const equityOf = equityEvaluator(book);
      const equityAt = (mk: MarketView) => (mode === 'cross' ? crossEquityOf(mk, equityOf(mk), params) : equityOf(mk));
      return {
        base: { margin: margins(pm0.compute()), equity: equityAt(req.market) },
        at: (move) => { const mk = shiftedMarket(req.market, u, move); return { margin: pm0.atShift(mk, u, 1 + move).marginNumbers(), equity: equityAt(mk) }; },
      };
    };
    result.account = accountView(req.market, req.input, marginAt, {
      cross: mode === 'cross', equityAt: mode === 'cross' ? (mk, book) => crossEquity(mk, book, params) : undefined,
      usdDecimals: params.pmdesk.usdDecimals, coinDecimals: params.pmdesk.coinDecimals, probe,
    });
  }
  return result;
}

/** Round helper shared by the run modules. */
export function decimalText(x: number, dp: number): string {
  return toDecimalString(roundHalfEven(fromFloat(x), dp));
}
