/**
 * The market editor's draft: an editable copy of a snapshot in the file format of docs/formats.md
 * (index, forwards, vols per underlying), every number kept as the exact decimal text it was read
 * or typed as, so nothing is rounded by editing. Pure and immutable: each edit returns a new draft
 * or throws a {@link DraftError} naming the item; nothing here talks to the service.
 *
 * Shifts of one expiry's smile (vol points are percentage points of annual implied vol):
 * - parallel: σ′ = σ + p/100, exact in decimal;
 * - skew: σ′ = σ + (s/100)·ln(K/F)/0.1, i.e. s vol points per 0.1 of log-moneyness k = ln(K/F),
 *   pivoting at the forward (σ unchanged at K = F); F is the expiry's quoted forward, else the index.
 *   The float ln is rounded half-even to 6 decimals of vol (0.0001 vol point) at this boundary.
 */
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN });

/** Decimals kept of a skew-shifted vol (a decimal vol: 6 places = 0.0001 vol point). */
export const SKEW_VOL_DP = 6;

export interface DraftQuote { expiry: string; strike: string; vol: string }
export interface DraftForward { expiry: string; price: string }
export interface DraftUnderlying { index: string; forwards: DraftForward[]; vols: DraftQuote[] }
export interface MarketDraft { asOf: string; underlyings: Record<string, DraftUnderlying>; rates?: Record<string, string> }

/** An edit refused: `item` names what (e.g. "BTC 2026-12-25T08:00:00Z strike 100000 vol"). */
export class DraftError extends Error {
  constructor(readonly item: string, readonly reason: string) {
    super(`${item}: ${reason}`);
    this.name = 'DraftError';
  }
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function text(v: unknown, item: string): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && DECIMAL.test(v.trim())) return v.trim();
  throw new DraftError(item, `expected a number, got ${JSON.stringify(v)}`);
}

/** A draft of a snapshot JSON (as `market:get` returns it). Quotes are sorted by expiry, then strike. */
export function draftOf(json: unknown): MarketDraft {
  const j = json as { asOf?: unknown; underlyings?: Record<string, { index?: unknown; forwards?: { expiry: string; price: unknown }[]; vols?: { expiry: string; strike: unknown; vol: unknown }[] }>; rates?: Record<string, unknown> };
  if (typeof j?.asOf !== 'string' || typeof j.underlyings !== 'object' || j.underlyings === null) throw new DraftError('snapshot', 'needs asOf and underlyings');
  const underlyings: Record<string, DraftUnderlying> = {};
  for (const [u, d] of Object.entries(j.underlyings)) {
    underlyings[u] = {
      index: text(d.index, `${u} index`),
      forwards: (d.forwards ?? []).map((f) => ({ expiry: f.expiry, price: text(f.price, `${u} ${f.expiry} forward`) })).sort((a, b) => cmpExpiry(a.expiry, b.expiry)),
      vols: (d.vols ?? []).map((q) => ({ expiry: q.expiry, strike: text(q.strike, `${u} ${q.expiry} strike`), vol: text(q.vol, `${u} ${q.expiry} strike ${String(q.strike)} vol`) }))
        .sort((a, b) => cmpExpiry(a.expiry, b.expiry) || new D(a.strike).cmp(b.strike)),
    };
  }
  const out: MarketDraft = { asOf: j.asOf, underlyings };
  if (j.rates) out.rates = Object.fromEntries(Object.entries(j.rates).map(([c, r]) => [c, text(r, `rate ${c}`)]));
  return out;
}

function cmpExpiry(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}

/** A JSON number where the text is one exactly (its shortest round trip), else the decimal string. */
function jsonNumber(t: string): number | string {
  const n = Number(t);
  return Number.isFinite(n) && String(n) === t ? n : t;
}

/** The draft as snapshot JSON text (the documented format; parseable by the engine and the importers). */
export function draftText(d: MarketDraft): string {
  const underlyings: Record<string, unknown> = {};
  for (const [u, x] of Object.entries(d.underlyings)) {
    underlyings[u] = {
      index: jsonNumber(x.index),
      forwards: x.forwards.map((f) => ({ expiry: f.expiry, price: jsonNumber(f.price) })),
      vols: x.vols.map((q) => ({ expiry: q.expiry, strike: jsonNumber(q.strike), vol: jsonNumber(q.vol) })),
    };
  }
  return JSON.stringify({ asOf: d.asOf, underlyings, ...(d.rates ? { rates: Object.fromEntries(Object.entries(d.rates).map(([c, r]) => [c, jsonNumber(r)])) } : {}) }, null, 2);
}

/** Expiries with vol quotes of `u`, sorted. */
export function volExpiries(d: MarketDraft, u: string): string[] {
  return [...new Set(d.underlyings[u]?.vols.map((q) => q.expiry) ?? [])];
}

/** Every strike quoted at some expiry of `u`, ascending (the grid's rows). */
export function volStrikes(d: MarketDraft, u: string): string[] {
  const seen = new Map<string, string>();
  for (const q of d.underlyings[u]?.vols ?? []) seen.set(new D(q.strike).toString(), q.strike);
  return [...seen.values()].sort((a, b) => new D(a).cmp(b));
}

/** The quote of `u` at `expiry` and `strike` (compared as decimals), if any. */
export function quoteAt(d: MarketDraft, u: string, expiry: string, strike: string): DraftQuote | undefined {
  return d.underlyings[u]?.vols.find((q) => q.expiry === expiry && new D(q.strike).eq(strike));
}

/** Percent text (62.5) → decimal vol text (0.625), exactly. */
export function volFromPercent(pct: string, item: string): string {
  const t = pct.trim().replace(/%$/, '').trim();
  if (!DECIMAL.test(t)) throw new DraftError(item, `"${pct}" is not a number of vol percent such as 62.5`);
  const v = new D(t).div(100);
  if (!v.gt(0)) throw new DraftError(item, `vol must be above 0 %, got ${t} %`);
  return v.toString();
}

/** Decimal vol text (0.625) → percent text (62.5), exactly. */
export function percentOf(vol: string): string {
  return new D(vol).mul(100).toString();
}

function withUnderlying(d: MarketDraft, u: string, f: (x: DraftUnderlying) => DraftUnderlying): MarketDraft {
  const x = d.underlyings[u];
  if (!x) throw new DraftError(u, 'no such underlying in the snapshot');
  return { ...d, underlyings: { ...d.underlyings, [u]: f(x) } };
}

function positive(t: string, item: string): string {
  const s = t.trim();
  if (!DECIMAL.test(s)) throw new DraftError(item, `"${t}" is not a number`);
  if (!new D(s).gt(0)) throw new DraftError(item, `must be above 0, got ${s}`);
  return s;
}

/** Set one quoted vol (decimal text, e.g. 0.625). */
export function setVol(d: MarketDraft, u: string, expiry: string, strike: string, vol: string): MarketDraft {
  const item = `${u} ${expiry} strike ${strike} vol`;
  const v = positive(vol, item);
  if (!quoteAt(d, u, expiry, strike)) throw new DraftError(item, 'no quote at this expiry and strike');
  return withUnderlying(d, u, (x) => ({ ...x, vols: x.vols.map((q) => (q.expiry === expiry && new D(q.strike).eq(strike) ? { ...q, vol: v } : q)) }));
}

/** Set the index of `u`. */
export function setIndex(d: MarketDraft, u: string, price: string): MarketDraft {
  const p = positive(price, `${u} index`);
  return withUnderlying(d, u, (x) => ({ ...x, index: p }));
}

/** Set the forward of `u` at `expiry`. */
export function setForward(d: MarketDraft, u: string, expiry: string, price: string): MarketDraft {
  const p = positive(price, `${u} ${expiry} forward`);
  return withUnderlying(d, u, (x) => {
    if (!x.forwards.some((f) => f.expiry === expiry)) throw new DraftError(`${u} ${expiry} forward`, 'no forward quoted at this expiry');
    return { ...x, forwards: x.forwards.map((f) => (f.expiry === expiry ? { ...f, price: p } : f)) };
  });
}

/** The forward the skew pivots on: the expiry's quoted forward, else the index. */
export function pivotOf(d: MarketDraft, u: string, expiry: string): string {
  const x = d.underlyings[u]!;
  return x.forwards.find((f) => f.expiry === expiry)?.price ?? x.index;
}

/** Shift every vol of one expiry: parallel by `parallelPts` vol points, skew by `skewPts` per 0.1 of ln(K/F). */
export function shiftExpiry(d: MarketDraft, u: string, expiry: string, shift: { parallelPts?: string; skewPts?: string }): MarketDraft {
  const p = shift.parallelPts?.trim() || '0', s = shift.skewPts?.trim() || '0';
  if (!DECIMAL.test(p)) throw new DraftError(`${u} ${expiry} parallel shift`, `"${p}" is not a number of vol points`);
  if (!DECIMAL.test(s)) throw new DraftError(`${u} ${expiry} skew shift`, `"${s}" is not a number of vol points`);
  const f = Number(pivotOf(d, u, expiry));
  return withUnderlying(d, u, (x) => ({
    ...x,
    vols: x.vols.map((q) => {
      if (q.expiry !== expiry) return q;
      let v = new D(q.vol).plus(new D(p).div(100));
      if (s !== '0') {
        const k = Math.log(Number(q.strike) / f);
        v = v.plus(new D(s).div(100).mul(new D(k).div(0.1))).toDecimalPlaces(SKEW_VOL_DP, Decimal.ROUND_HALF_EVEN);
      }
      if (!v.gt(0)) throw new DraftError(`${u} ${expiry} strike ${q.strike} vol`, `the shift takes it to ${v.mul(100).toString()} % (must stay above 0 %); nothing was shifted`);
      return { ...q, vol: v.toString() };
    }),
  }));
}

/** Cells (`expiry|strike`) and index/forwards whose text differs from `base` (numerically). */
export function changedCells(d: MarketDraft, base: MarketDraft | null, u: string): Set<string> {
  const out = new Set<string>();
  const b = base?.underlyings[u];
  const x = d.underlyings[u];
  if (!x) return out;
  if (!b) { for (const q of x.vols) out.add(`${q.expiry}|${q.strike}`); return out; }
  for (const q of x.vols) {
    const o = b.vols.find((y) => y.expiry === q.expiry && new D(y.strike).eq(q.strike));
    if (!o || !new D(o.vol).eq(q.vol)) out.add(`${q.expiry}|${q.strike}`);
  }
  for (const f of x.forwards) {
    const o = b.forwards.find((y) => y.expiry === f.expiry);
    if (!o || !new D(o.price).eq(f.price)) out.add(`fwd|${f.expiry}`);
  }
  if (!new D(b.index).eq(x.index)) out.add('index');
  return out;
}
