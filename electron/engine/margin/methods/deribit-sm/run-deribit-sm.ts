/** Runs `deribit-sm` (per-position standard margin, §2.13) with per-position explanation and account view. */
import { Dec, fromFloat, toDecimalString } from '../../../money';
import type { CurrencyMarginResultDto, MarginResultDto, PositionContributionDto } from '../../../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../../../scenarios/market-view';
import { accountView } from '../../account-view';
import { positionStandardMargin, resolveDeribitSmParams, roundSm, type DeribitSmParams } from './deribit-sm';
import { MarginInputError, sizeNumber, type MarginInput, type MarginPosition } from '../../margin-input';
import { netSizes } from '../../net-sizes';
import { sizeDecimalText } from '../../half-even-text';
import type { MethodRunInput } from '../../method-contract';
import { DERIBIT_SM_ID } from './id';
import { roundUsd, USD_LIKE } from '../../usd';
import { builtBook } from '../../scenario-reuse';
import { lineSums } from './line-sums';

export interface SmLine {
  id: string; symbol: string; ccy: string; im: number; mm: number; kind: 'option' | 'future';
  /** The position (its size is printed only when the line is listed: `sizeDecimalText`). */
  position: MarginPosition;
  /** The line's contribution texts at `dp` decimals, made once (a session keeps the lines of unchanged positions). */
  texts?: { dp: number; size: string; im: string; mm: string };
}

/** The `withBuiltBook` key of a book's lines (scenario-reuse.ts). */
export const SM_LINES_KEY = 'deribit-sm lines';

/** Standard margin of every position at `m` (float64, settlement currency). */
export function standardLines(p: DeribitSmParams, m: MarketView, input: MarginInput): SmLine[] {
  // Net size per instrument: exact sum, then one float per instrument (net-sizes.ts).
  const totals = netSizes(input.positions);
  const unitCache = new Map<string, { im: number; mm: number }>();
  const out: SmLine[] = [];
  for (const x of input.positions) {
    const l = smLine(p, m, x, totals.get(x.inst.symbol)!, unitCache);
    if (l) out.push(l);
  }
  return out;
}

/** One position's line at net instrument size `total` (null: no requirement of this kind). */
export function smLine(p: DeribitSmParams, m: MarketView, x: MarginPosition, total: number, unitCache: Map<string, { im: number; mm: number }>): SmLine | null {
  let r;
  try { r = positionStandardMargin(p, m, x.inst, sizeNumber(x), total, unitCache); } catch (e) {
    throw new MarginInputError(`position ${x.id} (${x.inst.symbol}): ${e instanceof Error ? e.message : String(e)}`);
  }
  return r ? { id: x.id, symbol: x.inst.symbol, position: x, ccy: x.inst.settlementCurrency.toUpperCase(), ...r } : null;
}

/** Per-currency float totals. */
function totalsAt(p: DeribitSmParams, m: MarketView, input: MarginInput): Map<string, { im: number; mm: number }> {
  const out = new Map<string, { im: number; mm: number }>();
  for (const l of standardLines(p, m, input)) {
    const t = out.get(l.ccy) ?? { im: 0, mm: 0 };
    t.im += l.im; t.mm += l.mm;
    out.set(l.ccy, t);
  }
  return out;
}

/**
 * Run `deribit-sm`. Add-ons `options` + `futures` sum exactly to IM (each rounded half-even).
 * `contributions` list every position's own IM/MM unless `marginal` is false.
 */
export function runDeribitSm(req: MethodRunInput): MarginResultDto {
  const p = resolveDeribitSmParams(req.params);
  // An incremental session (deribit-sm-session.ts) hands in the lines it keeps for this book.
  const lines = builtBook<SmLine[]>(SM_LINES_KEY, req.market, req.input) ?? standardLines(p, req.market, req.input);
  // Per currency the options' IM, the futures' IM and every line's MM in the one summation order
  // (line-sums.ts: blocks of lines, so a session's edit re-sums its block), and the lines
  // themselves only when they are listed.
  const listed = req.marginal !== false && !req.summary;
  const sums = lineSums(lines);
  const listedOf = new Map<string, SmLine[]>();
  if (listed) for (const l of lines) { const ls = listedOf.get(l.ccy); if (ls) ls.push(l); else listedOf.set(l.ccy, [l]); }
  const byCurrency: Record<string, CurrencyMarginResultDto> = {};
  let imUsd = new Dec(0), mmUsd = new Dec(0);
  for (const [ccy, { optIm, futIm, mm: mmSum }] of [...sums.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ls = listedOf.get(ccy) ?? [];
    const opt = roundSm(p, ccy, optIm), fut = roundSm(p, ccy, futIm);
    const im = opt.plus(fut);
    const mm = roundSm(p, ccy, mmSum);
    const rate = USD_LIKE.has(ccy) ? 1 : req.market.index(ccy);
    const usdDp = p.usdDecimals;
    // Per-position lines only when asked (`marginal`, default true): what-if and figures-only runs skip them.
    const dp = USD_LIKE.has(ccy.toUpperCase()) ? p.usdDecimals : p.coinDecimals;
    const contributions: PositionContributionDto[] = !listed ? [] : ls.map((l) => {
      // Standard margin is per position, so a position's marginal IM is its own IM.
      let t = l.texts;
      if (!t || t.dp !== dp) { t = { dp, size: sizeDecimalText(l.position), im: toDecimalString(roundSm(p, ccy, l.im)), mm: toDecimalString(roundSm(p, ccy, l.mm)) }; l.texts = t; }
      return {
        positionId: l.id, instrument: l.symbol, size: t.size, group: ccy, pnlInBinding: '0',
        marginalInitialMargin: t.im, initialMargin: t.im, maintenanceMargin: t.mm,
      };
    });
    const imU = roundUsd(im.times(fromFloat(rate)), usdDp), mmU = roundUsd(mm.times(fromFloat(rate)), usdDp);
    imUsd = imUsd.plus(imU); mmUsd = mmUsd.plus(mmU);
    byCurrency[ccy] = {
      currency: ccy, initialMargin: toDecimalString(im), maintenanceMargin: toDecimalString(mm),
      initialMarginUsd: toDecimalString(imU), maintenanceMarginUsd: toDecimalString(mmU), usdRate: rate,
      addOns: { options: toDecimalString(opt), futures: toDecimalString(fut) },
      bindingScenario: null, vector: [], groups: [], contributions, underlyings: [],
    };
  }
  const result: MarginResultDto = {
    method: DERIBIT_SM_ID, methodVersion: '2022-01', parameterSet: { name: p.name, version: p.version },
    asOf: new Date(req.market.asOfMs).toISOString(), mode: 'segregated', byCurrency,
    totals: { initialMarginUsd: toDecimalString(imUsd), maintenanceMarginUsd: toDecimalString(mmUsd) },
    notes: ['Standard margin per position (margin-methods.md §2.13); long options: premium only; no scenario vector.'],
  };
  if (req.account && !req.summary) result.account = accountView(req.market, req.input, (mk, book) => totalsAt(p, mk, book), { usdDecimals: p.usdDecimals, coinDecimals: p.coinDecimals });
  return result;
}
