/**
 * `deribit-sm`: Deribit-style standard (per-position) margin, margin-methods.md §2.13.
 * Options (coin units per 1 coin; source doc.tslab.pro copy of Deribit's rules, refdata
 * deribit_style_margin.json): short call IM `max(0.15 − OTM/S, 0.10) + mark`, MM `0.075 + mark`;
 * short put IM `max(max(0.15 − OTM/S, 0.10) + mark, MM)`, MM `max(0.075, 0.075·mark) + mark`;
 * long options nothing beyond the premium. Linear (USDC) options: every term × S.
 * Futures/perpetuals (Deribit 11 Jan 2022 notice): IM `2 % + |Q|·0.005 %` (BTC) / `|Q|·0.0004 %`
 * (ETH) of notional, MM `1 % + …`, with Q the position in coin.
 */
import { Dec, fromFloat, roundHalfEven } from '../../../money';
import type { MarketView } from '../../../scenarios/market-view';
import type { MarginInstrument } from '../../margin-instrument';
import { boundText, DECIMALS_BOUND, ParamsError, Problems, type ParamBound } from '../../params';
import { paramsOfTable, type NumericParam } from '../../numeric-params';
import { DEFAULT_USD_DECIMALS, USD_LIKE } from '../../usd';
import { unitValue } from '../../valuation';
import type { ShockedInputs } from '../../../scenarios/shock-inputs';
import { MS_PER_YEAR } from '../../../scenarios/market-view';

/** Futures rates per underlying. */
export interface SmFuturesRates { imBase: number; mmBase: number; perCoin: number }

/** The parameter set of `deribit-sm`. */
export interface DeribitSmParams {
  name: string;
  version: string;
  maxSpotReq: number;
  minSpotReq: number;
  mmCallReq: number;
  mmPutReq: number;
  mmPutMarkReq: number;
  /** Which price is "underlying mark" in OTM/S: the index (default; Lyra cases use spot) or the expiry forward. */
  underlyingPrice: 'index' | 'forward';
  futures: Record<string, SmFuturesRates>;
  defaultFutures: SmFuturesRates;
  coinDecimals: number;
  usdDecimals: number;
}

/** Defaults: Deribit values (§2.13); futures for other underlyings use the BTC rates. */
export const DEFAULT_SM_PARAMS: Readonly<DeribitSmParams> = Object.freeze({
  name: 'deribit-sm default', version: '2022-01',
  maxSpotReq: 0.15, minSpotReq: 0.10, mmCallReq: 0.075, mmPutReq: 0.075, mmPutMarkReq: 0.075,
  underlyingPrice: 'index',
  futures: { BTC: { imBase: 0.02, mmBase: 0.01, perCoin: 0.00005 }, ETH: { imBase: 0.02, mmBase: 0.01, perCoin: 0.000004 } },
  defaultFutures: { imBase: 0.02, mmBase: 0.01, perCoin: 0.00005 },
  coinDecimals: 9, usdDecimals: DEFAULT_USD_DECIMALS,
});

/** Resolve user parameters (any subset of the fields) over the defaults; every bad field is reported at once. */
export function resolveDeribitSmParams(input?: unknown): DeribitSmParams {
  const out: DeribitSmParams = { ...DEFAULT_SM_PARAMS, futures: { ...DEFAULT_SM_PARAMS.futures } };
  if (input === undefined || input === null) return out;
  if (typeof input !== 'object' || Array.isArray(input)) throw new ParamsError('parameters: expected an object');
  const problems = new Problems();
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) problems.check(() => {
    if (k === 'name' || k === 'version') { if (typeof v !== 'string') throw new ParamsError(`${k}: expected text`); out[k] = v; }
    else if (k === 'underlyingPrice') { if (v !== 'index' && v !== 'forward') throw new ParamsError('underlyingPrice: expected index or forward'); out.underlyingPrice = v; }
    else if (k === 'futures') {
      if (typeof v !== 'object' || v === null) throw new ParamsError('futures: expected an object');
      for (const [u, r] of Object.entries(v as Record<string, SmFuturesRates>)) problems.check(() => { out.futures[u.toUpperCase()] = rates(`futures.${u}`, r); });
    } else if (k === 'defaultFutures') out.defaultFutures = rates('defaultFutures', v as SmFuturesRates);
    else if (k in DEFAULT_SM_PARAMS && typeof (DEFAULT_SM_PARAMS as unknown as Record<string, unknown>)[k] === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ParamsError(`${k}: expected a number ≥ 0`);
      // Decimal places: the same integer range as deribit-pm's pmdesk.coinDecimals / usdDecimals.
      if ((k === 'coinDecimals' || k === 'usdDecimals') && !(Number.isInteger(v) && v <= DECIMALS_BOUND.max)) {
        throw new ParamsError(`${k}: must be ${boundText(DECIMALS_BOUND)}, got ${v}`);
      }
      (out as unknown as Record<string, number>)[k] = v;
    } else throw new ParamsError(`${k}: unknown parameter`);
  });
  problems.throwIfAny();
  return out;
}

function rates(where: string, r: SmFuturesRates): SmFuturesRates {
  // Every bad rate of the block at once.
  const bad = (['imBase', 'mmBase', 'perCoin'] as const).filter((f) => typeof r?.[f] !== 'number' || !Number.isFinite(r[f]) || r[f] < 0);
  if (bad.length > 0) throw new ParamsError(bad.map((f) => `${where}.${f}: expected a number ≥ 0`));
  return { imBase: r.imBase, mmBase: r.mmBase, perCoin: r.perCoin };
}

/** Inputs of one option's standard margin, per 1 unit of underlying, in coin or USD. */
export interface SmOptionInput {
  optionType: 'call' | 'put';
  strike: number;
  /** Underlying mark S (USD). */
  underlying: number;
  /** Option mark per unit: coin for inverse, USD for linear. */
  mark: number;
  /** `coin` (inverse) or `usd` (linear): the unit of `mark` and of the result. */
  unit: 'coin' | 'usd';
}

/** IM and MM of one *short* unit of an option (§2.13); long options require nothing extra. */
export function shortOptionMargin(p: DeribitSmParams, o: SmOptionInput): { im: number; mm: number } {
  const S = o.underlying;
  const otm = o.optionType === 'call' ? Math.max(o.strike - S, 0) : Math.max(S - o.strike, 0);
  const scale = o.unit === 'usd' ? S : 1;
  const base = Math.max(p.maxSpotReq - otm / S, p.minSpotReq) * scale + o.mark;
  if (o.optionType === 'call') return { im: base, mm: p.mmCallReq * scale + o.mark };
  // Coin rule max(0.075, 0.075·mark_coin) becomes max(0.075·S, 0.075·mark_usd) in USD (refdata usd_equivalent).
  const mm = Math.max(p.mmPutReq * scale, p.mmPutMarkReq * o.mark) + o.mark;
  return { im: Math.max(base, mm), mm };
}

/** One position's standard margin (settlement currency, float64). */
export interface SmPositionMargin { im: number; mm: number; kind: 'option' | 'future' }

/**
 * Standard margin of `size` units of `inst` at the market's marks. Futures use the whole
 * instrument position `instrumentSize` for the size-dependent rate and charge `size`'s share.
 */
export function positionStandardMargin(p: DeribitSmParams, m: MarketView, inst: MarginInstrument, size: number, instrumentSize: number, unitCache?: Map<string, { im: number; mm: number }>): SmPositionMargin | null {
  const S = m.index(inst.underlying);
  const coin = !USD_LIKE.has(inst.settlementCurrency.toUpperCase());
  if (inst.kind === 'option') {
    if (size >= 0) return { im: 0, mm: 0, kind: 'option' };
    // The requirement of one short unit depends only on the instrument and the market: priced once
    // per instrument when the caller passes a cache (same float operations, so the same result).
    let r = unitCache?.get(inst.symbol);
    if (!r) {
      const expired = inst.expiryMs! <= m.asOfMs;
      const F = m.forward(inst.underlying, inst.expiryMs!);
      const x: ShockedInputs = { index: S, forward: F, vol: expired ? 0 : m.vol(inst.underlying, inst.expiryMs!, inst.strike!), years: (inst.expiryMs! - m.asOfMs) / MS_PER_YEAR, expired };
      const mark = unitValue(inst, x);
      r = shortOptionMargin(p, { optionType: inst.optionType!, strike: inst.strike!, underlying: p.underlyingPrice === 'index' ? S : F, mark, unit: coin ? 'coin' : 'usd' });
      unitCache?.set(inst.symbol, r);
    }
    return { im: r.im * -size, mm: r.mm * -size, kind: 'option' };
  }
  if (inst.kind === 'future' || inst.kind === 'perpetual') {
    const price = inst.kind === 'future' && inst.expiryMs! > m.asOfMs ? m.forward(inst.underlying, inst.expiryMs!) : S;
    // Position in coin: inverse sizes are USD (÷ price); linear sizes are already coin.
    const qTotal = Math.abs(inst.settlement === 'inverse' ? instrumentSize / price : instrumentSize);
    const q = Math.abs(inst.settlement === 'inverse' ? size / price : size);
    const r = p.futures[inst.underlying.toUpperCase()] ?? p.defaultFutures;
    const toCcy = coin ? 1 : price;
    return { im: q * (r.imBase + qTotal * r.perCoin) * toCcy, mm: q * (r.mmBase + qTotal * r.perCoin) * toCcy, kind: 'future' };
  }
  return null;
}

/** Round a float requirement to the currency's decimals (half-even, like the PM figures). */
export function roundSm(p: DeribitSmParams, ccy: string, x: number): Dec {
  return roundHalfEven(fromFloat(x), USD_LIKE.has(ccy.toUpperCase()) ? p.usdDecimals : p.coinDecimals);
}

const NON_NEG: ParamBound = { min: 0, max: Infinity };
const RATES: Record<keyof SmFuturesRates, ParamBound> = { imBase: NON_NEG, mmBase: NON_NEG, perCoin: NON_NEG };

/** Every numeric parameter with the bound `resolveDeribitSmParams` applies (`MarginMethod.numericParams`). */
export const DERIBIT_SM_NUMERIC_PARAMS: readonly NumericParam[] = Object.freeze([
  ...paramsOfTable('', '', { maxSpotReq: NON_NEG, minSpotReq: NON_NEG, mmCallReq: NON_NEG, mmPutReq: NON_NEG, mmPutMarkReq: NON_NEG, coinDecimals: DECIMALS_BOUND, usdDecimals: DECIMALS_BOUND }),
  ...paramsOfTable('futures.<underlying>', 'futures.BTC', RATES),
  ...paramsOfTable('defaultFutures', 'defaultFutures', RATES),
]);
