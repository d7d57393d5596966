/**
 * An immutable market snapshot as of one instant: index per underlying, forward curve per
 * expiry, implied-vol surface per expiry × strike, optional rates.
 *
 * Forward curve (docs/pricing.md §Market data): with I the index and y(T) = ln(F(T)/I) the
 * log-basis (the "annualised basis rate" ABR·T of Dederi, https://wiki.dederi.io/PricingModel/mark_price),
 * y is linear in T between quoted expiries and anchored at y(0) = 0; beyond the last quote the
 * last ABR = y/T is held constant. An empty curve gives F = I.
 *
 * Vol surface: each quoted expiry is a smile σᵢ(K), interpolated by monotone C¹ cubic
 * (Fritsch–Carlson) in ln K with flat extrapolation beyond the outermost strikes. Between
 * expiries, total variance w = σ²T is linear in T at constant log-moneyness k = ln(K/F(T))
 * (each bracketing smile is read at Kᵢ = Fᵢ·eᵏ); before the first expiry and after the last,
 * the nearest smile's vol at that moneyness is used (flat vol in T).
 */
import { MarketDataError } from './market-data-error';
import { evalMonotoneCubic, monotoneCubic, type MonotoneCubic } from './monotone-cubic';
import { yearFraction } from './year-fraction';

/** A quoted forward (futures) price for one expiry. */
export interface ForwardQuote {
  /** Expiry, epoch ms. */
  expiryMs: number;
  /** Forward price in the quote currency (USD), > 0. */
  price: number;
}

/** A quoted implied vol for one expiry and strike. */
export interface VolQuote {
  expiryMs: number;
  /** Strike, > 0. */
  strike: number;
  /** Annualised implied vol as a decimal (0.62 = 62 %), ≥ 0. */
  vol: number;
}

/** Market data of one underlying. */
export interface UnderlyingMarketData {
  /** Index (spot) price, > 0. */
  index: number;
  forwards: ForwardQuote[];
  vols: VolQuote[];
}

/** Plain data behind a snapshot (numbers and epoch ms). */
export interface MarketSnapshotData {
  /** Valuation instant, epoch ms. */
  asOfMs: number;
  underlyings: Record<string, UnderlyingMarketData>;
  /** Optional continuously compounded rates per currency (decimals, 0.05 = 5 %). */
  rates?: Record<string, number>;
}

interface VolSlice {
  expiryMs: number;
  years: number;
  forward: number;
  smile: MonotoneCubic; // vol as a function of ln K
}

interface UnderlyingState {
  data: UnderlyingMarketData;
  curveYears: Float64Array; // sorted, > 0
  curveLogBasis: Float64Array; // ln(F/I)
  curvePrices: Float64Array; // quoted F, returned exactly at a quoted expiry
  slices: VolSlice[];
}

function fail(path: string, reason: string): never {
  throw new MarketDataError(path, reason);
}

/**
 * Largest quoted implied vol accepted: 10 = 1,000 % a year. Deribit's highest option marks are in the
 * low hundreds of percent; a value like 62 is "62 %" written as a decimal (issue 11: domain nonsense
 * is refused, not priced).
 */
export const MAX_QUOTED_VOL = 10;

/** Largest |rate| accepted: 1 = 100 % a year, continuously compounded; a 5 is "5 %" written as a decimal. */
export const MAX_RATE = 1;

/** Asset code of an underlying or currency key. */
export const ASSET_CODE = /^(?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,12}$/;

/**
 * Immutable market snapshot. Build with {@link MarketSnapshot.create} (validates) or the JSON
 * loaders (`parseMarketSnapshot`, `parseDeribitBookSummary`).
 */
export class MarketSnapshot {
  private readonly state = new Map<string, UnderlyingState>();

  private constructor(
    /** Valuation instant, epoch ms. */
    readonly asOfMs: number,
    private readonly rates: Readonly<Record<string, number>>,
  ) {}

  /**
   * Validate `data` and build a snapshot. Throws {@link MarketDataError} naming the item on: a
   * non-finite or non-positive index/forward/strike, a vol ≤ 0 or above {@link MAX_QUOTED_VOL}, a rate
   * beyond ±{@link MAX_RATE}, an expiry at or before
   * `asOfMs`, duplicate expiries or (expiry, strike) pairs, a bad underlying code.
   */
  static create(data: MarketSnapshotData): MarketSnapshot {
    if (!Number.isFinite(data.asOfMs)) fail('asOf', 'must be a valid instant');
    const rates: Record<string, number> = {};
    for (const [ccy, r] of Object.entries(data.rates ?? {})) {
      if (!ASSET_CODE.test(ccy)) fail(`rates.${ccy}`, 'not a currency code');
      if (!Number.isFinite(r)) fail(`rates.${ccy}`, 'must be a finite number');
      if (Math.abs(r) > MAX_RATE) fail(`rates.${ccy}`, `must be between -${MAX_RATE} and ${MAX_RATE}, got ${r}: rates are decimals, 0.05 = 5 %`);
      rates[ccy] = r;
    }
    const snap = new MarketSnapshot(data.asOfMs, Object.freeze(rates));
    for (const [u, md] of Object.entries(data.underlyings)) snap.state.set(u, snap.build(u, md));
    return snap;
  }

  private build(u: string, md: UnderlyingMarketData): UnderlyingState {
    const at = `underlyings.${u}`;
    if (!ASSET_CODE.test(u)) fail(at, 'underlying must be an asset code such as BTC');
    if (!(md.index > 0) || !Number.isFinite(md.index)) fail(`${at}.index`, `missing or not a positive number (${String(md.index)})`);
    const forwards = [...md.forwards].sort((a, b) => a.expiryMs - b.expiryMs);
    md.forwards.forEach((f, i) => {
      if (!Number.isFinite(f.expiryMs)) fail(`${at}.forwards[${i}].expiry`, 'not a valid instant');
      if (f.expiryMs <= this.asOfMs) fail(`${at}.forwards[${i}].expiry`, 'is at or before asOf');
      if (!(f.price > 0) || !Number.isFinite(f.price)) fail(`${at}.forwards[${i}].price`, `must be > 0 (${String(f.price)})`);
    });
    for (let i = 1; i < forwards.length; i++) {
      if (forwards[i].expiryMs === forwards[i - 1].expiryMs) fail(`${at}.forwards`, `duplicate expiry ${new Date(forwards[i].expiryMs).toISOString()}`);
    }
    const curveYears = Float64Array.from(forwards, (f) => yearFraction(this.asOfMs, f.expiryMs));
    const curveLogBasis = Float64Array.from(forwards, (f) => Math.log(f.price / md.index));
    const curvePrices = Float64Array.from(forwards, (f) => f.price);
    const partial: UnderlyingState = { data: { index: md.index, forwards, vols: [] }, curveYears, curveLogBasis, curvePrices, slices: [] };

    const byExpiry = new Map<number, VolQuote[]>();
    // Item paths are built only on a failure (a surface may hold thousands of quotes).
    let lastExpiry = NaN;
    let lastList: VolQuote[] = [];
    md.vols.forEach((q, i) => {
      if (!Number.isFinite(q.expiryMs)) fail(`${at}.vols[${i}].expiry`, 'not a valid instant');
      if (q.expiryMs <= this.asOfMs) fail(`${at}.vols[${i}].expiry`, 'is at or before asOf');
      if (!(q.strike > 0) || !Number.isFinite(q.strike)) fail(`${at}.vols[${i}].strike`, `must be > 0 (${String(q.strike)})`);
      if (!Number.isFinite(q.vol)) fail(`${at}.vols[${i}].vol`, 'must be a finite number');
      // A quoted implied vol is positive: 0 is no quote (Deribit's book summary prints mark_iv 0 for
      // none, and deribit-book-summary.ts skips it), and above MAX_QUOTED_VOL it is a percent typed as a decimal.
      if (!(q.vol > 0)) fail(`${at}.vols[${i}].vol`, `must be > 0, got ${q.vol} (vols are decimals: 0.62 = 62 %)`);
      if (q.vol > MAX_QUOTED_VOL) fail(`${at}.vols[${i}].vol`, `must be at most ${MAX_QUOTED_VOL} (${MAX_QUOTED_VOL * 100} %), got ${q.vol}: vols are decimals, 0.62 = 62 %`);
      // Quotes usually come grouped by expiry: the last list is reused without a map look-up.
      if (q.expiryMs !== lastExpiry) {
        lastExpiry = q.expiryMs;
        let list = byExpiry.get(q.expiryMs);
        if (list === undefined) { list = []; byExpiry.set(q.expiryMs, list); }
        lastList = list;
      }
      lastList.push(q);
    });
    const vols: VolQuote[] = [];
    for (const expiryMs of [...byExpiry.keys()].sort((a, b) => a - b)) {
      const quotes = byExpiry.get(expiryMs)!.sort((a, b) => a.strike - b.strike);
      for (let i = 1; i < quotes.length; i++) {
        if (quotes[i].strike === quotes[i - 1].strike) fail(`${at}.vols`, `duplicate strike ${quotes[i].strike} at ${new Date(expiryMs).toISOString()}`);
      }
      vols.push(...quotes);
      const years = yearFraction(this.asOfMs, expiryMs);
      partial.slices.push({
        expiryMs, years, forward: forwardOf(partial, md.index, years),
        smile: monotoneCubic(quotes.map((q) => Math.log(q.strike)), quotes.map((q) => q.vol)),
      });
    }
    partial.data.vols = vols;
    return partial;
  }

  private get(u: string): UnderlyingState {
    const s = this.state.get(u);
    if (!s) throw new MarketDataError(`underlyings.${u}`, `no market data for underlying ${u} (have: ${this.underlyings().join(', ') || 'none'})`);
    return s;
  }

  /** Underlyings with data, sorted. */
  underlyings(): string[] {
    return [...this.state.keys()].sort();
  }

  /** Whether the snapshot has data for `underlying`. */
  has(underlying: string): boolean {
    return this.state.has(underlying);
  }

  /** Index (spot) price of `underlying`; throws MarketDataError if unknown. */
  index(underlying: string): number {
    return this.get(underlying).data.index;
  }

  /** ACT/365 year fraction from `asOfMs` to `expiryMs`. */
  yearFraction(expiryMs: number): number {
    return yearFraction(this.asOfMs, expiryMs);
  }

  /**
   * Forward price of `underlying` for `expiryMs`: the quote if there is one, otherwise
   * interpolated linearly in log-basis ln(F/I) over time (flat annualised basis beyond the last
   * quote); the index for an empty curve or an expiry at or before asOf.
   */
  forward(underlying: string, expiryMs: number): number {
    const s = this.get(underlying);
    return forwardOf(s, s.data.index, this.yearFraction(expiryMs));
  }

  /** Whether `underlying` has at least one vol quote. */
  hasVols(underlying: string): boolean {
    return this.get(underlying).slices.length > 0;
  }

  /**
   * Implied vol of `underlying` at `expiryMs` and `strike` from the surface (see the module doc
   * for the interpolation). Throws MarketDataError if the underlying has no vol quotes.
   */
  vol(underlying: string, expiryMs: number, strike: number): number {
    const s = this.get(underlying);
    const slices = s.slices;
    if (slices.length === 0) throw new MarketDataError(`underlyings.${underlying}.vols`, `no implied vols for ${underlying}`);
    if (!(strike > 0)) throw new MarketDataError('strike', `must be > 0, got ${strike}`);
    const t = this.yearFraction(expiryMs);
    const first = slices[0];
    if (t <= first.years || slices.length === 1) {
      if (t <= 0) return evalMonotoneCubic(first.smile, Math.log(strike));
      const k = Math.log(strike / forwardOf(s, s.data.index, t));
      const only = t <= first.years ? first : slices[slices.length - 1];
      return evalMonotoneCubic(only.smile, Math.log(only.forward) + k);
    }
    const last = slices[slices.length - 1];
    const k = Math.log(strike / forwardOf(s, s.data.index, t));
    if (t >= last.years) return evalMonotoneCubic(last.smile, Math.log(last.forward) + k);
    let i = 0;
    while (slices[i + 1].years < t) i++;
    const a = slices[i], b = slices[i + 1];
    const vb = evalMonotoneCubic(b.smile, Math.log(b.forward) + k);
    if (t === b.years) return vb;
    const va = evalMonotoneCubic(a.smile, Math.log(a.forward) + k);
    const wa = va * va * a.years, wb = vb * vb * b.years;
    const w = wa + ((wb - wa) * (t - a.years)) / (b.years - a.years);
    return Math.sqrt(Math.max(w, 0) / t);
  }

  /** Continuously compounded rate for `currency` (decimal); 0 when the snapshot has none (Deribit convention). */
  rate(currency: string): number {
    return this.rates[currency] ?? 0;
  }

  /** The rates the snapshot carries, by currency. */
  rateTable(): Readonly<Record<string, number>> {
    return this.rates;
  }

  /** Quoted forwards of `underlying`, sorted by expiry. */
  forwardQuotes(underlying: string): readonly ForwardQuote[] {
    return this.get(underlying).data.forwards;
  }

  /** Quoted vols of `underlying`, sorted by expiry then strike. */
  volQuotes(underlying: string): readonly VolQuote[] {
    return this.get(underlying).data.vols;
  }

  /** Expiries (epoch ms) with vol quotes, sorted. */
  volExpiries(underlying: string): number[] {
    return this.get(underlying).slices.map((s) => s.expiryMs);
  }

  /** The plain data of this snapshot (deep copy, sorted), e.g. to build a perturbed one. */
  toData(): MarketSnapshotData {
    const underlyings: Record<string, UnderlyingMarketData> = {};
    for (const u of this.underlyings()) {
      const d = this.get(u).data;
      underlyings[u] = { index: d.index, forwards: d.forwards.map((f) => ({ ...f })), vols: d.vols.map((v) => ({ ...v })) };
    }
    const out: MarketSnapshotData = { asOfMs: this.asOfMs, underlyings };
    if (Object.keys(this.rates).length > 0) out.rates = { ...this.rates };
    return out;
  }
}

function forwardOf(s: Pick<UnderlyingState, 'curveYears' | 'curveLogBasis' | 'curvePrices'>, index: number, t: number): number {
  const ys = s.curveYears, ls = s.curveLogBasis;
  const n = ys.length;
  if (n === 0 || t <= 0) return index;
  let y: number;
  if (t === ys[n - 1]) return s.curvePrices[n - 1];
  if (t > ys[n - 1]) y = (ls[n - 1] * t) / ys[n - 1];
  else if (t === ys[0]) return s.curvePrices[0];
  else if (t < ys[0]) y = (ls[0] * t) / ys[0];
  else {
    let i = 0;
    while (ys[i + 1] < t) i++;
    if (ys[i + 1] === t) return s.curvePrices[i + 1];
    y = ls[i] + ((ls[i + 1] - ls[i]) * (t - ys[i])) / (ys[i + 1] - ys[i]);
  }
  return index * Math.exp(y);
}
