/**
 * Payoff curves: the book's P&L against one underlying's price at several valuation dates, by
 * full revaluation over the risk-array kernel (one custom scenario per price and date: the
 * underlying moved, vols unchanged — sticky strike — and the valuation date shifted, legs expiring
 * on the way settled at intrinsic). Other underlyings move by `othersBeta` × the move. P&L per
 * group is in its settlement currency, converted to USD at that currency's shocked index.
 */
import { PAYOFF_MAX_EXPIRIES, PAYOFF_NO_DATE, type PayoffDto, type PayoffRequestDto } from '../../../shared/ipc/analysis-contract';
import type { MarketView } from '../../engine/scenarios/market-view';
import { MS_PER_DAY } from '../../engine/scenarios/market-view';
import type { Scenario, ScenarioSet } from '../../engine/scenarios/scenario-types';
import { idsUnique, markIdsUnique, MarginInputError, type MarginInput } from '../../engine/margin/margin-input';
import { bookOver } from './book-over';

/** USD-like settlement currencies, valued at par (as the engine's margin methods do). */
const USD_LIKE: ReadonlySet<string> = new Set(['USD', 'USDC', 'USDT']);

/** Most expiry curves added (nearest first). */
export const MAX_EXPIRY_CURVES = PAYOFF_MAX_EXPIRIES;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The curves of a payoff answer (the service adds its time and the book's handle). */
export type PayoffCurves = Omit<PayoffDto, 'elapsedMs' | 'book'>;

/**
 * The curves of `req` on `input` at `market`. With the other underlyings held (`othersBeta` 0)
 * their instruments' P&L depends on the date only, so by default (`split`) the book is priced in
 * two parts: positions on the charted underlying over every (price, date), the others over one
 * scenario per date, that group vector read at each price. Groups are per (currency, underlying)
 * and each sums its own rows in the same order at the same sizes, so every group vector, and the
 * sum over groups in key order, equals the whole book priced over every (price, date) (`split:
 * false`, the reference in analysis-fast-paths.test.ts) bit for bit.
 */
export function payoffCurves(market: MarketView, input: MarginInput, req: PayoffRequestDto, how: { split?: boolean } = {}): PayoffCurves {
  const u = req.underlying;
  const underlyings = [...new Set(input.positions.map((p) => p.inst.underlying))];
  if (!underlyings.includes(u)) throw new MarginInputError(`the book holds nothing on ${u} (it holds ${underlyings.join(', ') || 'nothing'})`);
  const index = market.index(u);
  const beta = req.othersBeta ?? 0;
  const moves = Array.from({ length: req.points }, (_, i) => req.lowerMove + ((req.upperMove - req.lowerMove) * i) / (req.points - 1));
  const at: { label: string; ms: number }[] = req.today === false ? [] : [{ label: 'today', ms: market.asOfMs }];
  const exp = [...new Set(input.positions.filter((p) => p.inst.underlying === u && p.inst.expiryMs !== undefined && p.inst.expiryMs > market.asOfMs).map((p) => p.inst.expiryMs!))].sort((a, b) => a - b);
  if (req.expiries !== false) {
    for (const ms of exp.slice(0, Math.min(req.nextExpiries ?? MAX_EXPIRY_CURVES, MAX_EXPIRY_CURVES))) at.push({ label: `expiry ${iso(ms).slice(0, 10)}`, ms });
  }
  for (const d of req.dates ?? []) {
    const ms = Date.parse(d);
    if (ms < market.asOfMs) throw new MarginInputError(`date ${d} is before the snapshot's as-of ${iso(market.asOfMs)}`);
    at.push({ label: `custom ${d.slice(0, 10)}`, ms });
  }
  if (at.length === 0) throw new MarginInputError(`${PAYOFF_NO_DATE}: ask for today, the expiries or a custom date`);
  const scenarios: Scenario[] = [];
  for (const [di, a] of at.entries()) {
    const days = (a.ms - market.asOfMs) / MS_PER_DAY;
    moves.forEach((m, i) => scenarios.push({
      id: `d${di}-p${i}`, label: `${a.label}, ${m}`, table: 'custom', timeShiftDays: days,
      shocks: { [u]: { move: m, vol: { kind: 'none' } } },
      defaultShock: beta === 0 ? undefined : { move: Math.max(-0.99, beta * m), vol: { kind: 'none' } },
    }));
  }
  const set: ScenarioSet = { id: 'payoff', name: 'payoff', version: '1', smile: 'sticky-strike', scenarios };
  const n = moves.length;
  /** Each group's vector and the entry of scenario (date di, price i) in it. */
  let groups: { settlementCurrency: string; vector: Float64Array; key: string; perDate: boolean }[];
  if (how.split !== false && beta === 0) {
    // Subsets of a parsed book's positions keep its distinct ids (bookOver appends them in bulk).
    const unique = idsUnique(input.positions);
    const on = input.positions.filter((p) => p.inst.underlying === u);
    const off = input.positions.filter((p) => p.inst.underlying !== u);
    if (unique) { markIdsUnique(on); markIdsUnique(off); }
    // One scenario per date: the charted underlying's shock is irrelevant to these rows.
    const dated: ScenarioSet = { ...set, id: 'payoff-dates', scenarios: at.map((_, di) => ({ ...scenarios[di * n], id: `d${di}` })) };
    const a = bookOver(set, market, { ...input, positions: on }, { currency: 'settlement' }).book.groups().map((g) => ({ ...g, perDate: false }));
    const b = off.length === 0 ? [] : bookOver(dated, market, { ...input, positions: off }, { currency: 'settlement' }).book.groups().map((g) => ({ ...g, perDate: true }));
    // Key order, as RiskBook.groups() gives them for the whole book (keys hold the underlying: no group is in both).
    groups = [...a, ...b].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  } else {
    groups = bookOver(set, market, input, { currency: 'settlement' }).book.groups().map((g) => ({ ...g, perDate: false }));
  }
  const curves = at.map((a, di) => {
    const pnlUsd = moves.map((m, i) => {
      const s = di * n + i;
      let usd = 0;
      for (const g of groups) {
        const c = g.settlementCurrency.toUpperCase();
        const v = g.vector[g.perDate ? di : s];
        if (USD_LIKE.has(c)) { usd += v; continue; }
        const cm = c === u ? m : beta === 0 ? 0 : Math.max(-0.99, beta * m);
        usd += v * market.index(c) * (1 + cm);
      }
      return usd;
    });
    return { label: a.label, at: iso(a.ms), days: (a.ms - market.asOfMs) / MS_PER_DAY, pnlUsd };
  });
  return { underlying: u, index, prices: moves.map((m) => index * (1 + m)), curves, expiriesAhead: exp.map(iso) };
}
