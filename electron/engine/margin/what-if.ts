/**
 * What-if (issue 4 §7): incremental IM/MM of candidate trades under any method without mutating
 * the book; per-position margin sensitivity to ± a size step; hedge search over a candidate list.
 * A method with an incremental calculator (`MarginMethod.calculator`) runs on one calculator (new
 * instruments priced once, one group re-summed per change); other methods re-run on a copied portfolio.
 */
import { Dec, fromFloat, parseDecimal, toDecimalString } from '../money';
import type { HedgeCandidateDto, MarginFiguresDto, SensitivityDto, TradeDto, WhatIfMethodDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../scenarios/market-view';
import { parseMarginInput, MarginInputError, type MarginInput, type MarginPosition, type PortfolioLike } from './margin-input';
import { resolveMarginInstrument } from './instrument-adapter';
import { marginMethod, toMarketView } from './registry';
import type { MarginFigures } from './method-contract';
import { roundUsd } from './usd';

type Figures = MarginFigures;

/**
 * USD totals of a set of figures the way a method run produces them: each currency's IM/MM ×
 * its USD rate rounded by `roundUsd` to the method's `usdDecimals`, then summed exactly (so
 * `before` / `after` equal the runs' `totals`).
 */
function usdTotals(f: Figures, usdDecimals: number): { im: Dec; mm: Dec } {
  let im = new Dec(0), mm = new Dec(0);
  for (const v of f.values()) {
    const rate = fromFloat(v.rate);
    im = im.plus(roundUsd(v.im.times(rate), usdDecimals)); mm = mm.plus(roundUsd(v.mm.times(rate), usdDecimals));
  }
  return { im, mm };
}

function byCurrencyDto(f: Figures): MarginFiguresDto['byCurrency'] {
  const byCurrency: MarginFiguresDto['byCurrency'] = {};
  for (const [c, v] of [...f.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    byCurrency[c] = { initialMargin: toDecimalString(v.im), maintenanceMargin: toDecimalString(v.mm) };
  }
  return byCurrency;
}

function toDto(f: Figures, usdDecimals: number): MarginFiguresDto {
  const usd = usdTotals(f, usdDecimals);
  return { byCurrency: byCurrencyDto(f), initialMarginUsd: toDecimalString(usd.im), maintenanceMarginUsd: toDecimalString(usd.mm) };
}

/** `after − before`: per currency exact; the USD totals are the difference of the rounded totals. */
function incrementalDto(after: Figures, before: Figures, usdDecimals: number): MarginFiguresDto {
  const a = usdTotals(after, usdDecimals), b = usdTotals(before, usdDecimals);
  return { byCurrency: byCurrencyDto(diff(after, before)), initialMarginUsd: toDecimalString(a.im.minus(b.im)), maintenanceMarginUsd: toDecimalString(a.mm.minus(b.mm)) };
}

/** Decimal places of USD figures under `methodId` with its parameter set (as its runs round them). */
function usdDecimalsOf(methodId: string, params: unknown): number {
  return methodOf(methodId).usdDecimals(params);
}

function methodOf(methodId: string) {
  const m = marginMethod(methodId);
  if (!m) throw new MarginInputError(`unknown margin method "${methodId}"`);
  return m;
}

function diff(a: Figures, b: Figures): Figures {
  const out: Figures = new Map();
  for (const c of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(c), y = b.get(c);
    out.set(c, { im: (x?.im ?? new Dec(0)).minus(y?.im ?? new Dec(0)), mm: (x?.mm ?? new Dec(0)).minus(y?.mm ?? new Dec(0)), rate: x?.rate ?? y?.rate ?? 1 });
  }
  return out;
}

function usdIm(f: Figures): number {
  let s = 0;
  for (const v of f.values()) s += v.im.toNumber() * v.rate;
  return s;
}

/** Figures of a full method run (any method). */
function methodFigures(methodId: string, input: MarginInput, market: MarketView, params: unknown): Figures {
  const r = methodOf(methodId).run({ input, market, params, account: false, marginal: false });
  return new Map(Object.values(r.byCurrency).map((c) => [c.currency, { im: new Dec(c.initialMargin), mm: new Dec(c.maintenanceMargin), rate: c.usdRate }]));
}

function tradePositions(trades: TradeDto[]) {
  return trades.map((t, k) => {
    if (!t || typeof t.instrument !== 'string') throw new MarginInputError(`trades[${k}].instrument: expected a symbol`);
    let inst;
    try { inst = resolveMarginInstrument(t.instrument); } catch (e) { throw new MarginInputError(`trades[${k}].instrument: ${e instanceof Error ? e.message : String(e)}`); }
    let size;
    try { size = parseDecimal(t.size); } catch (e) { throw new MarginInputError(`trades[${k}].size: ${e instanceof Error ? e.message : String(e)}`); }
    return { id: `what-if:${k}`, inst, size };
  });
}

/** A session over one book and market: evaluate trades, sensitivities and hedges. */
export class WhatIf {
  readonly market: MarketView;
  readonly input: MarginInput;

  constructor(portfolio: PortfolioLike, snapshot: unknown, readonly params: Record<string, unknown> = {}) {
    this.market = toMarketView(snapshot);
    this.input = parseMarginInput(portfolio);
  }

  /** Incremental IM/MM of adding `trades` (together) under each method. */
  trades(methodIds: string[], trades: TradeDto[]): WhatIfMethodDto[] {
    const extra = tradePositions(trades);
    return methodIds.map((methodId) => {
      const before = this.figures(methodId, this.input);
      const after = this.figures(methodId, { ...this.input, positions: [...this.input.positions, ...extra] });
      const dp = this.usdDecimals(methodId);
      return { methodId, before: toDto(before, dp), after: toDto(after, dp), incremental: incrementalDto(after, before, dp) };
    });
  }

  /** IM change of each position when its size moves by ± `step` × size (default 10 %). */
  sensitivity(methodId: string, step = '0.1'): SensitivityDto[] {
    const rel = parseDecimal(step);
    const dp = this.usdDecimals(methodId);
    const calc = methodOf(methodId).calculator?.(this.market, this.params[methodId], this.input);
    if (calc) {
      const base = calc.figures();
      return this.input.positions.map((p) => {
        const d = p.size.times(rel);
        calc.setPosition(p.id, p.inst, p.size.plus(d));
        const up = calc.figures();
        calc.setPosition(p.id, p.inst, p.size.minus(d));
        const dn = calc.figures();
        calc.setPosition(p.id, p.inst, p.size);
        return { positionId: p.id, instrument: p.inst.symbol, size: toDecimalString(p.size), step: toDecimalString(d), up: incrementalDto(up, base, dp), down: incrementalDto(dn, base, dp) };
      });
    }
    const base = this.figures(methodId, this.input);
    return this.input.positions.map((p, i) => {
      const d = p.size.times(rel);
      const withSize = (s: Dec) => ({ ...this.input, positions: this.input.positions.map((q, j) => (j === i ? resized(q, s) : q)) });
      return {
        positionId: p.id, instrument: p.inst.symbol, size: toDecimalString(p.size), step: toDecimalString(d),
        up: incrementalDto(this.figures(methodId, withSize(p.size.plus(d))), base, dp), down: incrementalDto(this.figures(methodId, withSize(p.size.minus(d))), base, dp),
      };
    });
  }

  /** Every candidate's IM change (USD), best (most negative) first. */
  hedgeSearch(methodId: string, candidates: TradeDto[]): HedgeCandidateDto[] {
    const extra = tradePositions(candidates);
    let scored: { k: number; inc: Figures; after: Figures; base: Figures }[];
    const calc = methodOf(methodId).calculator?.(this.market, this.params[methodId], this.input);
    if (calc) {
      const base = calc.figures();
      scored = extra.map((t, k) => {
        calc.setPosition(t.id, t.inst, t.size);
        const after = calc.figures();
        calc.removePosition(t.id);
        return { k, inc: diff(after, base), after, base };
      });
    } else {
      const base = this.figures(methodId, this.input);
      scored = extra.map((t, k) => {
        const after = this.figures(methodId, { ...this.input, positions: [...this.input.positions, t] });
        return { k, inc: diff(after, base), after, base };
      });
    }
    scored.sort((a, b) => usdIm(a.inc) - usdIm(b.inc) || a.k - b.k);
    const dp = this.usdDecimals(methodId);
    return scored.map((s) => ({ trade: candidates[s.k], incremental: incrementalDto(s.after, s.base, dp) }));
  }

  private usdDecimals(methodId: string): number {
    return usdDecimalsOf(methodId, this.params[methodId]);
  }

  private figures(methodId: string, input: MarginInput): Figures {
    return methodFigures(methodId, input, this.market, this.params[methodId]);
  }
}

/**
 * `p` at size `s`. The copy drops the size text (`sizeText` is "the size as given": a copy that
 * kept it would be margined at the old size by the methods that read the text).
 */
function resized(p: MarginPosition, s: Dec): MarginPosition {
  return { id: p.id, inst: p.inst, size: s, ...(p.averagePrice !== undefined ? { averagePrice: p.averagePrice } : {}) };
}
