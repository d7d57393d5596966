/**
 * What the grid shows for each position besides its own fields (RowFiguresDto): the instrument's
 * terms, its mark and implied vol, the position's greeks, and the margin figures of the latest run.
 *
 * Marks and greeks come from the engine's `markInstrument` (electron/engine/pricing/
 * instrument-pricer.ts; Black-76 for options, forward for futures, index for perpetuals), per 1
 * unit of the instrument's size unit, in its settlement currency. A position's greek is
 * size × per-unit greek (`…Coin`: settlement currency; delta: underlying coin exposure as
 * `deltaCoin`, Deribit's net delta for inverse options) and `…Usd` is that times the USD rate of
 * the settlement currency (the index for coin-settled, 1 for USD-like), delta times the
 * underlying's index. These are display figures: float64 printed as exact shortest text
 * (`floatText`), never fed back into a margin.
 */
import type { RowFiguresDto } from '../../../shared/domain/dto/session.dto';
import { MARK_FIELDS, type RowTableDto } from '../../../shared/domain/row-table';
import type { PositionDto } from '../../../shared/domain/dto/portfolio.dto';
import { formatExpiryCode, parseInstrument, type Instrument } from '../../engine/instruments';
import { marketDelta, type MarketSnapshot } from '../../engine/market-data';
import { markInstrument, type InstrumentMark } from '../../engine/pricing';
import { floatText } from '../../engine/margin/float-text';

/** Currencies valued at par with USD (as the margin engine's USD_LIKE). */
const USD_LIKE = new Set(['USD', 'USDC', 'USDT']);

/** Per-instrument terms and mark, computed once per symbol and market. */
interface UnitMark {
  inst?: Instrument;
  mark?: InstrumentMark;
  /** USD per unit of the settlement currency, and the underlying's index. */
  usdRate?: number;
  index?: number;
  error?: string;
  /**
   * The row figures every position in this symbol shares (terms, mark, IV), made once per symbol
   * and market: a 20,000-row book over 2,000 instruments formats these 2,000 times, not 20,000
   * (only the size-dependent greeks are per position).
   */
  shared?: Omit<RowFiguresDto, 'id'>;
}

/** Instrument marks against one market snapshot, cached by symbol. */
export class MarkCache {
  private readonly bySymbol = new Map<string, UnitMark>();
  constructor(readonly market: MarketSnapshot) {}

  /**
   * The cache at `market`, keeping the marks of instruments that read no input the two markets
   * differ in (`marketDelta`): an edited snapshot (the market editor's draft, a new revision)
   * re-marks the edited underlying's or expiry's instruments only.
   */
  carriedTo(market: MarketSnapshot): MarkCache {
    const next = new MarkCache(market);
    const delta = marketDelta(this.market, market);
    if (delta.all) return next;
    for (const [symbol, u] of this.bySymbol) if (u.inst && u.error === undefined && !delta.affects(u.inst)) next.bySymbol.set(symbol, u);
    return next;
  }

  unit(symbol: string): UnitMark {
    let u = this.bySymbol.get(symbol);
    if (u) return u;
    try {
      const inst = parseInstrument(symbol);
      try {
        const mark = markInstrument(inst, this.market);
        const index = this.market.index(inst.underlying);
        const ccy = mark.currency.toUpperCase();
        const usdRate = USD_LIKE.has(ccy) ? 1 : ccy === inst.underlying ? index : this.market.index(ccy);
        u = { inst, mark, usdRate, index };
      } catch (e) {
        u = { inst, error: e instanceof Error ? e.message : String(e) };
      }
    } catch (e) {
      u = { error: e instanceof Error ? e.message : String(e) };
    }
    this.bySymbol.set(symbol, u);
    return u;
  }
}

/** Display figures at 10 significant digits (the grid shows fewer; money figures never go through here). */
const num = (x: number): string | undefined => (Number.isFinite(x) ? floatText(Number(x.toPrecision(10))) : undefined);

/** Put `value` under `key` when defined (keeps absent fields absent: smaller deltas). */
function put<K extends keyof RowFiguresDto>(out: Partial<RowFiguresDto>, key: K, value: RowFiguresDto[K] | undefined): void {
  if (value !== undefined) out[key] = value;
}

/** The figures of `u` that do not depend on the position (cached on `u`). */
function sharedFigures(u: UnitMark): Omit<RowFiguresDto, 'id'> {
  if (u.shared) return u.shared;
  const out: Omit<RowFiguresDto, 'id'> = {};
  const inst = u.inst;
  if (inst) {
    out.kind = inst.kind;
    out.underlying = inst.underlying;
    out.currency = inst.settlementCurrency;
    if (inst.kind === 'future' || inst.kind === 'option') out.expiry = new Date(inst.expiryMs).toISOString().slice(0, 10);
    if (inst.kind === 'option') {
      out.strike = floatText(inst.strike);
      out.optionType = inst.optionType === 'call' ? 'C' : 'P';
    }
  }
  if (u.error !== undefined) out.error = u.error;
  else {
    const m = u.mark!;
    if (m.kind === 'option') {
      put(out, 'markCoin', num(m.markPrice));
      put(out, 'markUsd', num(m.markPrice * u.usdRate!));
      if (m.vol !== null) put(out, 'iv', num(m.vol));
    } else {
      put(out, 'markUsd', num(m.markPrice));
    }
  }
  u.shared = out;
  return out;
}

/** The instrument and mark part of a row's figures (depends only on the row, its size and the market). */
export function markFigures(p: PositionDto, marks: MarkCache): RowFiguresDto {
  const u = marks.unit(p.instrument);
  const out: RowFiguresDto = { id: p.id, ...sharedFigures(u) };
  if (u.error !== undefined) return out;
  const m = u.mark!;
  const size = Number(p.size);
  const rate = u.usdRate!;
  put(out, 'deltaCoin', num(size * m.deltaCoin));
  put(out, 'deltaUsd', num(size * m.deltaCoin * u.index!));
  if (m.kind === 'option') {
    put(out, 'gammaCoin', num(size * m.gamma));
    put(out, 'gammaUsd', num(size * m.gamma * rate));
    put(out, 'vegaCoin', num(size * m.vega));
    put(out, 'vegaUsd', num(size * m.vega * rate));
    put(out, 'thetaCoin', num(size * m.theta));
    put(out, 'thetaUsd', num(size * m.theta * rate));
  }
  return out;
}

/** The margin part of a row's figures (mutable: updated in place run after run). */
export interface MarginFigures {
  group?: string;
  pnlInBinding?: string;
  marginalIm: Record<string, string | undefined>;
  /** The floats the texts were made from (a row is re-formatted only when its float moves). */
  pnlF?: number;
  marginalImF: Record<string, number | undefined>;
}

/**
 * A table of the mark columns of `ids`. A column no row has is left out, except with `complete`
 * (every delta): the receiver folds a delta into the figures it holds (readRowTable), where only a
 * null clears a field, so a column left out kept a row's old value — an edit to an instrument the
 * market cannot price still showed the previous instrument's mark and greeks, and a row priced
 * again kept its old error.
 */
export function markTable(ids: readonly string[], marks: Map<string, RowFiguresDto>, complete = false): RowTableDto {
  const columns: RowTableDto['columns'] = {};
  const rows = ids.map((id) => marks.get(id));
  for (const f of MARK_FIELDS) {
    let any = complete && ids.length > 0;
    const col = rows.map((r) => { const v = r?.[f] as string | undefined; if (v !== undefined) any = true; return v ?? null; });
    if (any) columns[f] = col;
  }
  return { ids: [...ids], columns };
}

/** A table of the margin columns of `ids` (group, P&L in binding, marginal IM of each shown method). */
export function marginTable(ids: readonly string[], margin: Map<string, MarginFigures>, shown: readonly string[]): RowTableDto {
  const rows = ids.map((id) => margin.get(id));
  const marginalIm: Record<string, (string | null)[]> = {};
  for (const m of shown) marginalIm[m] = rows.map((r) => r?.marginalIm[m] ?? null);
  return {
    ids: [...ids],
    columns: { group: rows.map((r) => r?.group ?? null), pnlInBinding: rows.map((r) => r?.pnlInBinding ?? null) },
    marginalIm,
  };
}

/** Symbols a snapshot can mark (completion list): perpetuals, futures at each forward expiry, options at each quoted strike. */
export function knownSymbols(snapshotJson: unknown): string[] {
  const out = new Set<string>();
  const u = (snapshotJson as { underlyings?: Record<string, { forwards?: { expiry: string }[]; vols?: { expiry: string; strike: number | string }[] }> })?.underlyings;
  if (!u || typeof u !== 'object') return [];
  const code = (iso: string): string | null => {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? null : formatExpiryCode(ms);
  };
  for (const [name, md] of Object.entries(u)) {
    // Deribit lists inverse (coin-settled) contracts on BTC and ETH and USDC-settled linear ones on every underlying.
    const heads = name === 'BTC' || name === 'ETH' ? [name, `${name}_USDC`] : [`${name}_USDC`];
    for (const h of heads) out.add(`${h}-PERPETUAL`);
    for (const f of md.forwards ?? []) {
      const c = code(f.expiry);
      if (c) for (const h of heads) out.add(`${h}-${c}`);
    }
    for (const q of md.vols ?? []) {
      const c = code(q.expiry);
      if (!c) continue;
      const k = String(q.strike).replace('.', 'd');
      for (const h of heads) { out.add(`${h}-${c}-${k}-C`); out.add(`${h}-${c}-${k}-P`); }
    }
  }
  return [...out].sort();
}
