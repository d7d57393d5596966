/** Runs `deribit-pm` / `deribit-pm-cross` end to end: book → margins → explanation → account view. */
import { fromFloat, roundHalfEven, toDecimalString } from '../../../money';
import type { AccountViewDto, MarginResultDto } from '../../../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../../scenarios/market-view';
import { accountView, equityEvaluator, shiftedMarket, type EquityEvaluator, type SubBookProbe } from '../../account-view';
import { DeribitPm, type PmResult } from './deribit-pm';
import { crossEquityOf, deribitPmResultDto, marginNumbers } from './deribit-pm-result';
import { currencyParams, resolveDeribitPmParams, USD_LIKE, type DeribitPmParams } from './deribit-params';
import { idsUnique, MarginInputError, type MarginInput } from '../../margin-input';
import type { MarginInstrument } from '../../margin-instrument';
import type { MethodRunInput } from '../../method-contract';
import type { RiskArrays } from '../../risk-arrays';

/**
 * Priced rows a build may take over instead of pricing: those of `arrays` (a calculator of the
 * same parameters and mode at another market) for the instruments `affects` says read no input
 * the two markets differ in (`marketDelta`, engine/market-data/market-delta.ts).
 */
export interface PricedRows {
  arrays: RiskArrays;
  affects: (inst: MarginInstrument) => boolean;
}

/**
 * Build a calculator holding every position of `input` (cross mode adds coin collateral rows).
 * With `reuse`, the rows of unaffected instruments are copied, the others priced one by one, in
 * the same first-appearance order: each row is what pricing it at `market` gives (the rule
 * `remarkPm` rests on; tested there and in margin-session.property.test.ts), so the calculator
 * equals a plain build bit for bit.
 */
export function buildPm(market: MarketView, params: DeribitPmParams, input: MarginInput, mode: 'segregated' | 'cross', reuse?: PricedRows): DeribitPm {
  const pm = new DeribitPm(market, params, mode);
  // Instruments in first-appearance order, priced together (call/put pairs share work).
  // Indexed loops and one try block: no iterator or handler per position (20,000 rows).
  const ps = input.positions;
  const seen = new Set<MarginInstrument>();
  for (let i = 0; i < ps.length; i++) seen.add(ps[i].inst);
  if (reuse) {
    for (const inst of seen) {
      const r = reuse.arrays.rowIndex(inst.symbol);
      try {
        if (r >= 0 && !reuse.affects(inst)) pm.adoptPriced(reuse.arrays.bases[r], reuse.arrays.row(r));
        else pm.prepare([inst]);
      } catch { /* an instrument without market data: the loop below reports it per position */ }
    }
  } else {
    try { pm.prepare([...seen]); } catch { /* an instrument without market data: the loop below reports it per position */ }
  }
  // Ids validated distinct by parseMarginInput need no lookup per position.
  const fresh = idsUnique(ps);
  if (fresh) pm.expect(ps);
  let i = 0;
  try {
    for (; i < ps.length; i++) {
      const p = ps[i];
      if (fresh) pm.addNewPosition(p.id, p.inst, p.sizeText ?? p.size, p.sizeText);
      else pm.setPosition(p.id, p.inst, p.sizeText ?? p.size, p.sizeText);
    }
  } catch (e) {
    const p = ps[i];
    throw new MarginInputError(`position ${p.id} (${p.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
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

/** Run the method and build the result DTO. */
export function runDeribitPm(req: MethodRunInput, mode: 'segregated' | 'cross'): MarginResultDto {
  const params = resolveDeribitPmParams(req.params);
  const pm = buildPm(req.market, params, req.input, mode);
  const r = pm.compute({ marginal: req.marginal });
  return deribitPmResult(pm, r, req.account ? { input: req.input } : undefined);
}

/**
 * The result DTO of `pm` (built from `account.input` by `buildPm`, or holding that book) computed
 * as `r`, with the account view when `account` is given. Shared by `runDeribitPm` and the
 * service's incremental sessions (margin-session.ts); `account.probeVia` lets a session supply
 * its own sub-book probes — e.g. the ones this function makes, kept across runs by sub-book key
 * (`SubBookProbe`) while no position of that sub-book changes.
 */
export function deribitPmResult(
  pm: DeribitPm, r: PmResult,
  account?: { input: MarginInput; probeVia?: (probe: SubBookProbe) => SubBookProbe },
  contributions = true,
): MarginResultDto {
  const result = deribitPmResultDto(pm, r, contributions);
  if (account) result.account = deribitPmAccountView(pm, r, account.input, account.probeVia);
  return result;
}

/** The account view of `pm` holding `input`, computed as `r` (see `deribitPmResult`). */
function deribitPmAccountView(pm: DeribitPm, r: PmResult, input: MarginInput, probeVia?: (probe: SubBookProbe) => SubBookProbe): AccountViewDto {
  const { market, params, mode } = pm;
  // The whole book at the base market is this calculator: its margins are `r`'s.
  const marginAt = (mk: MarketView, book: MarginInput) => marginNumbers(mk === market && book === input ? r : buildPm(mk, params, book, mode).compute());
  // `equityEvaluator` values each option instrument once: the same sums in the same order as
  // `equityByCurrency`, so the same numbers.
  // The whole book at the base market (segregated) takes its option unit values from `pm`'s rows,
  // as the probes below do: the same `unitValue` at the same inputs, without valuing them again.
  const equityAt = (mk: MarketView, book: MarginInput) => {
    if (mode === 'segregated' && mk === market && book === input) return equityFromRows(equityEvaluator(book), pm.arrays, mk);
    const e = equityEvaluator(book)(mk);
    return mode === 'cross' ? crossEquityOf(mk, e, params) : e;
  };
  // Root-search probes: each sub-book's calculator is taken from `pm` (rows and aggregated
  // sizes, see subBookPm); a probe re-prices its instruments at the shifted market (once each)
  // and re-runs the margin — the same numbers as a fresh build at that market. Equity values
  // each option once; in segregated mode its unit values are the re-priced rows' base values
  // (the same `unitValue` at the same inputs), in cross mode (rows in USD) they are valued afresh.
  const probe: SubBookProbe = (book, u) => {
    const pm0 = subBookPm(pm, params, book, mode);
    const equityOf = equityEvaluator(book);
    const rowOf = mode === 'segregated' ? equityOf.options.map((i) => pm0.arrays.rowIndex(i.symbol)) : [];
    const units = new Float64Array(rowOf.length);
    const fromRows = rowOf.length > 0 && rowOf.every((r) => r >= 0);
    const equityAt = (mk: MarketView, at: DeribitPm) => {
      if (mode === 'cross') return crossEquityOf(mk, equityOf(mk), params);
      if (!fromRows) return equityOf(mk);
      const bases = at.arrays.bases;
      for (let k = 0; k < rowOf.length; k++) units[k] = bases[rowOf[k]].value;
      return equityOf(mk, units);
    };
    return {
      base: { margin: pm0.marginNumbers(), equity: equityAt(market, pm0) },
      at: (move) => {
        const mk = shiftedMarket(market, u, move);
        const at = pm0.atShift(mk, u, 1 + move);
        return { margin: at.marginNumbers(), equity: equityAt(mk, at) };
      },
    };
  };
  return accountView(market, input, marginAt, {
    // Segregated: a currency's margins and equity come from its own positions only (groups are
    // per settlement currency and underlying), so each search prices only that currency's sub-book.
    cross: mode === 'cross', perCurrency: mode === 'segregated', equityAt,
    usdDecimals: params.pmdesk.usdDecimals, coinDecimals: params.pmdesk.coinDecimals, probe: probeVia ? probeVia(probe) : probe,
  });
}

/**
 * Equity per currency of `equityOf`'s book at `mk` with its option unit values read from
 * `arrays` (settlement-currency rows priced at `mk`: each row's base value is the `unitValue`
 * that `equityByCurrency` multiplies by the size, at the same inputs); valued afresh when an
 * option has no row.
 */
function equityFromRows(equityOf: EquityEvaluator, arrays: RiskArrays, mk: MarketView): Map<string, number> {
  const units = new Float64Array(equityOf.options.length);
  for (let k = 0; k < units.length; k++) {
    const r = arrays.rowIndex(equityOf.options[k].symbol);
    if (r < 0) return equityOf(mk);
    units[k] = arrays.bases[r].value;
  }
  return equityOf(mk, units);
}

/**
 * A calculator over `book`, a sub-book of `pm`'s (whole instruments: every position of each of
 * its instruments, and in cross mode its coins' balances), for margins only: its rows are copied
 * from `pm` (priced at the same market, in the order a build from `book` gives them) and each row
 * holds one position of the row's aggregated size. Rows, row sizes (the float of the exact sum)
 * and groups are those of `buildPm(market, params, book, mode)`, so margins and re-pricings
 * (`atShift`) are the same to the last bit; positions are not (no explanation or marginal margin).
 * Falls back to `buildPm` for an instrument `pm` does not hold. (Also usable by a session
 * keeping the whole book's calculator, for its account-view probes.)
 */
export function subBookPm(pm: DeribitPm, params: DeribitPmParams, book: MarginInput, mode: 'segregated' | 'cross'): DeribitPm {
  const insts: MarginInstrument[] = [];
  const seen = new Set<string>();
  const add = (inst: MarginInstrument) => { if (!seen.has(inst.symbol)) { seen.add(inst.symbol); insts.push(inst); } };
  // Positions on one instrument usually share its object: look its symbol up once per run of them.
  let last: MarginInstrument | undefined;
  for (const p of book.positions) if (p.inst !== last) { last = p.inst; add(p.inst); }
  if (mode === 'cross') {
    for (const [ccy, amt] of book.balances) {
      if (USD_LIKE.has(ccy) || amt.isZero() || currencyParams(params, ccy).equity_side_impact === 'none') continue;
      add({ symbol: ccy, kind: 'spot', underlying: ccy, settlement: 'linear', settlementCurrency: ccy });
    }
  }
  const rows = insts.map((i) => pm.arrays.rowIndex(i.symbol));
  if (rows.some((r) => r < 0)) return buildPm(pm.market, params, book, mode);
  const sub = new DeribitPm(pm.market, params, mode);
  rows.forEach((r) => sub.adoptPriced(pm.arrays.bases[r], pm.arrays.row(r)));
  // The shortest text of the float reads back as that float (−0 kept).
  const text = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
  rows.forEach((r, k) => sub.addNewPosition(`row:${k}`, insts[k], text(pm.book.rowSize(r))));
  return sub;
}

/** Round helper shared by the run modules. */
export function decimalText(x: number, dp: number): string {
  return toDecimalString(roundHalfEven(fromFloat(x), dp));
}
