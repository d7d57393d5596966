/**
 * Import adapter for saved Deribit `public/get_book_summary_by_currency` output
 * (https://docs.deribit.com/#public-get_book_summary_by_currency): an array of entries with
 * `instrument_name`, `mark_price` (coin for inverse options, quote currency for futures),
 * `mark_iv` (percent, options), `underlying_price` (the forward the venue used for the option's
 * IV), `estimated_delivery_price` (the index) and `creation_timestamp` (ms).
 *
 * Accepted inputs: the bare `result` array, the whole JSON-RPC response `{"result": [...]}`, or an
 * array of those (one file holding BTC and ETH responses).
 *
 * Mapping: index = `options.indexPrices[u]`, else the median `estimated_delivery_price` of the
 * underlying's entries. Forward per expiry = median `underlying_price` of that expiry's options,
 * else the future's `mark_price`. Vol per (expiry, strike) = mean `mark_iv`/100 of the options at
 * that strike (call and put, inverse and linear), entries with `mark_iv` ≤ 0 skipped. asOf =
 * `options.asOfMs`, else the latest `creation_timestamp`. Instruments expired at asOf, perpetuals,
 * spot and unparsable names are skipped (and counted in `skipped`).
 */
import { parseInstrument, InstrumentError } from '../instruments';
import { MarketDataError } from './market-data-error';
import { MarketSnapshot, type MarketSnapshotData } from './market-snapshot';

/** Options of {@link parseDeribitBookSummary}. */
export interface DeribitImportOptions {
  /** Valuation instant (epoch ms); default the latest `creation_timestamp` in the data. */
  asOfMs?: number;
  /** Index per underlying, overriding `estimated_delivery_price`. */
  indexPrices?: Record<string, number>;
}

/** A snapshot plus what the import ignored. */
export interface DeribitImportResult {
  snapshot: MarketSnapshot;
  /** Instrument names that were not used, with the reason. */
  skipped: { instrument: string; reason: string }[];
}

interface Entry { name: string; path: string; o: Record<string, unknown> }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function optNum(o: Record<string, unknown>, key: string, path: string): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new MarketDataError(`${path}.${key}`, `expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function collect(json: unknown, path: string, out: Entry[]): void {
  if (Array.isArray(json)) {
    json.forEach((x, i) => {
      if (Array.isArray(x) || (typeof x === 'object' && x !== null && 'result' in x)) collect(x, `${path}[${i}]`, out);
      else {
        if (typeof x !== 'object' || x === null) throw new MarketDataError(`${path}[${i}]`, 'expected a book-summary object');
        const o = x as Record<string, unknown>;
        if (typeof o.instrument_name !== 'string') throw new MarketDataError(`${path}[${i}].instrument_name`, 'missing instrument_name');
        out.push({ name: o.instrument_name, path: `${path}[${i}]`, o });
      }
    });
    return;
  }
  if (typeof json === 'object' && json !== null && 'result' in json) {
    collect((json as { result: unknown }).result, `${path}.result`, out);
    return;
  }
  throw new MarketDataError(path || '(root)', 'expected a get_book_summary_by_currency result array or JSON-RPC response');
}

/**
 * Build a snapshot from saved Deribit book summaries. Throws {@link MarketDataError} when there is
 * no asOf, an underlying has no index, or a numeric field is malformed.
 */
export function parseDeribitBookSummary(json: unknown, options: DeribitImportOptions = {}): DeribitImportResult {
  const entries: Entry[] = [];
  collect(json, '', entries);
  const skipped: DeribitImportResult['skipped'] = [];
  let asOfMs = options.asOfMs;
  if (asOfMs === undefined) {
    for (const e of entries) {
      const ts = optNum(e.o, 'creation_timestamp', e.path);
      if (ts !== undefined && (asOfMs === undefined || ts > asOfMs)) asOfMs = ts;
    }
  }
  if (asOfMs === undefined) throw new MarketDataError('asOf', 'no creation_timestamp in the data; pass asOfMs');

  interface Acc { idx: number[]; optFwd: Map<number, number[]>; futFwd: Map<number, number[]>; vols: Map<number, Map<number, number[]>> }
  const acc = new Map<string, Acc>();
  const push = <K>(m: Map<K, number[]>, k: K, v: number) => { const l = m.get(k); if (l) l.push(v); else m.set(k, [v]); };
  for (const e of entries) {
    let inst;
    try {
      inst = parseInstrument(e.name);
    } catch (err) {
      if (err instanceof InstrumentError) { skipped.push({ instrument: e.name, reason: err.reason }); continue; }
      throw err;
    }
    const a: Acc = acc.get(inst.underlying) ?? { idx: [], optFwd: new Map(), futFwd: new Map(), vols: new Map() };
    acc.set(inst.underlying, a);
    const idx = optNum(e.o, 'estimated_delivery_price', e.path);
    if (idx !== undefined && idx > 0) a.idx.push(idx);
    if (inst.kind === 'future' || inst.kind === 'option') {
      if (inst.expiryMs <= asOfMs) { skipped.push({ instrument: e.name, reason: 'expired at asOf' }); continue; }
    }
    if (inst.kind === 'option') {
      const fwd = optNum(e.o, 'underlying_price', e.path);
      if (fwd !== undefined && fwd > 0) push(a.optFwd, inst.expiryMs, fwd);
      const iv = optNum(e.o, 'mark_iv', e.path);
      if (iv !== undefined && iv > 0) {
        const byStrike = a.vols.get(inst.expiryMs) ?? new Map<number, number[]>();
        a.vols.set(inst.expiryMs, byStrike);
        push(byStrike, inst.strike, iv / 100);
      } else skipped.push({ instrument: e.name, reason: 'no mark_iv' });
    } else if (inst.kind === 'future') {
      const mark = optNum(e.o, 'mark_price', e.path);
      if (mark !== undefined && mark > 0) push(a.futFwd, inst.expiryMs, mark);
    } else {
      skipped.push({ instrument: e.name, reason: `${inst.kind} carries no forward or vol` });
    }
  }

  const data: MarketSnapshotData = { asOfMs, underlyings: {} };
  for (const [u, a] of [...acc].sort(([x], [y]) => x.localeCompare(y))) {
    const index = options.indexPrices?.[u] ?? (a.idx.length ? median(a.idx) : undefined);
    if (index === undefined) throw new MarketDataError(`underlyings.${u}.index`, `missing index: no estimated_delivery_price for ${u}; pass indexPrices`);
    const expiries = new Set([...a.optFwd.keys(), ...a.futFwd.keys()]);
    data.underlyings[u] = {
      index,
      forwards: [...expiries].sort((x, y) => x - y).map((expiryMs) => ({
        expiryMs, price: median(a.optFwd.get(expiryMs) ?? a.futFwd.get(expiryMs)!),
      })),
      vols: [...a.vols].flatMap(([expiryMs, byStrike]) => [...byStrike].map(([strike, vs]) => ({
        expiryMs, strike, vol: vs.reduce((s, v) => s + v, 0) / vs.length,
      }))),
    };
  }
  return { snapshot: MarketSnapshot.create(data), skipped };
}
