/**
 * The market snapshot file format of docs/formats.md / product.md:
 * `{"asOf": "2026-02-15T12:00:00Z", "underlyings": {"ETH": {"index": 1949.34,
 *   "forwards": [{"expiry": "2026-03-27T08:00:00Z", "price": 1952.1}],
 *   "vols": [{"expiry": "2026-03-27T08:00:00Z", "strike": 2000, "vol": 0.62}]}},
 *   "rates": {"USD": 0.05}}`
 * Numbers may be JSON numbers or decimal strings; they become float64 here (the decimal
 * boundary, via `parseDecimal` + `toFloat`). `forwards`, `vols` and `rates` are optional.
 * Unknown fields are errors, not silently ignored.
 */
import { DecimalParseError, parseDecimal, toFloat } from '../money';
import { MarketDataError } from './market-data-error';
import { MarketSnapshot, type MarketSnapshotData, type UnderlyingMarketData } from './market-snapshot';

/** The JSON shape of a snapshot file (numbers may also be decimal strings on input). */
export interface MarketSnapshotJson {
  asOf: string;
  underlyings: Record<string, {
    index: number;
    forwards?: { expiry: string; price: number }[];
    vols?: { expiry: string; strike: number; vol: number }[];
  }>;
  rates?: Record<string, number>;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parse an ISO-8601 instant with an explicit offset (`Z` or ±hh:mm) to epoch ms; throws MarketDataError at `path`. */
export function parseIsoInstant(value: unknown, path: string): number {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    throw new MarketDataError(path, `expected an ISO-8601 instant with offset such as "2026-03-27T08:00:00Z", got ${JSON.stringify(value)}`);
  }
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new MarketDataError(path, `not a valid date: ${value}`);
  // Date.parse rolls impossible calendar fields over (2026-02-30 → 2026-03-02, 24:00 → next day):
  // the written fields must be a real date and time of day.
  const [y, mo, d, h, mi, sec] = value.split(/[-T:.Z+]/).map(Number);
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || (sec ?? 0) > 59) {
    throw new MarketDataError(path, `not a calendar date and time: ${value}`);
  }
  return ms;
}

/** Format epoch ms as an ISO-8601 UTC instant without milliseconds when they are zero. */
export function formatIsoInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (!isRecord(v)) throw new MarketDataError(path, `expected an object, got ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}`);
  return v;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new MarketDataError(path ? `${path}.${k}` : k, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

function num(v: unknown, path: string): number {
  // A JSON number within range: `toFloat(parseDecimal(v))` is the number itself (its shortest
  // round-trip text parsed back exactly), with −0 read as 0; decimal.js only for the rest.
  if (typeof v === 'number' && Math.abs(v) <= MAX_NUMBER) return v + 0;
  if (v === undefined) throw new MarketDataError(path, 'is missing');
  try {
    return toFloat(parseDecimal(v));
  } catch (e) {
    if (e instanceof DecimalParseError) throw new MarketDataError(path, e.reason);
    throw e;
  }
}

/** `MAX_INPUT_MAGNITUDE` as a float64 (exactly 1e15): |x| ≤ 1e15 in float64 iff its shortest text is ≤ 1e15. */
const MAX_NUMBER = 1e15;

/**
 * A number field of an item: `num(v, path)`, with the path text built only when `v` is not an
 * in-range JSON number (20,000 vol quotes would otherwise build three strings each).
 */
function numAt(v: unknown, at: string, field: string): number {
  if (typeof v === 'number' && Math.abs(v) <= MAX_NUMBER) return v + 0;
  return num(v, `${at}.${field}`);
}

/** `record(v, path)` + `onlyKeys(v, allowed, path)` for list items, the path built only on a failure. */
function item(v: unknown, at: string, i: number, allowed: readonly string[]): Record<string, unknown> {
  if (!isRecord(v)) return record(v, `${at}[${i}]`);
  for (const k in v) {
    if (!allowed.includes(k)) { onlyKeys(v, allowed, `${at}[${i}]`); break; }
  }
  return v;
}

/** `parseIsoInstant` remembering its last input (quotes of one expiry repeat the same text). */
class IsoReader {
  private last: string | undefined;
  private lastMs = 0;
  read(value: unknown, at: string, i: number, field: string): number {
    if (value === this.last && typeof value === 'string') return this.lastMs;
    const ms = parseIsoInstant(value, `${at}[${i}].${field}`);
    if (typeof value === 'string') { this.last = value; this.lastMs = ms; }
    return ms;
  }
}

const FORWARD_KEYS = ['expiry', 'price'] as const;
const VOL_KEYS = ['expiry', 'strike', 'vol'] as const;

function list(v: unknown, path: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new MarketDataError(path, 'expected an array');
  return v;
}

/**
 * Parse and validate a snapshot in the product JSON format. Throws {@link MarketDataError} whose
 * `path` names the offending item (e.g. `underlyings.ETH.vols[2].vol: must be > 0`).
 */
export function parseMarketSnapshot(json: unknown): MarketSnapshot {
  const root = record(json, '');
  onlyKeys(root, ['asOf', 'underlyings', 'rates'], '');
  const asOfMs = parseIsoInstant(root.asOf, 'asOf');
  const us = record(root.underlyings ?? (() => { throw new MarketDataError('underlyings', 'is missing'); })(), 'underlyings');
  const underlyings: Record<string, UnderlyingMarketData> = {};
  const iso = new IsoReader();
  for (const [u, raw] of Object.entries(us)) {
    const at = `underlyings.${u}`;
    const o = record(raw, at);
    onlyKeys(o, ['index', 'forwards', 'vols'], at);
    if (o.index === undefined) throw new MarketDataError(`${at}.index`, 'missing index');
    underlyings[u] = {
      index: num(o.index, `${at}.index`),
      forwards: list(o.forwards, `${at}.forwards`).map((f, i) => {
        const fo = item(f, `${at}.forwards`, i, FORWARD_KEYS);
        return { expiryMs: iso.read(fo.expiry, `${at}.forwards`, i, 'expiry'), price: numAt(fo.price, `${at}.forwards[${i}]`, 'price') };
      }),
      vols: list(o.vols, `${at}.vols`).map((q, i) => {
        const qo = item(q, `${at}.vols`, i, VOL_KEYS);
        const expiryMs = iso.read(qo.expiry, `${at}.vols`, i, 'expiry');
        return { expiryMs, strike: numAt(qo.strike, `${at}.vols[${i}]`, 'strike'), vol: numAt(qo.vol, `${at}.vols[${i}]`, 'vol') };
      }),
    };
  }
  const data: MarketSnapshotData = { asOfMs, underlyings };
  if (root.rates !== undefined) {
    const r = record(root.rates, 'rates');
    data.rates = Object.fromEntries(Object.entries(r).map(([ccy, v]) => [ccy, num(v, `rates.${ccy}`)]));
  }
  return MarketSnapshot.create(data);
}

/** Serialise a snapshot to the product JSON format (round-trips through {@link parseMarketSnapshot}). */
export function marketSnapshotToJson(snapshot: MarketSnapshot): MarketSnapshotJson {
  const d = snapshot.toData();
  const out: MarketSnapshotJson = { asOf: formatIsoInstant(d.asOfMs), underlyings: {} };
  for (const [u, md] of Object.entries(d.underlyings)) {
    out.underlyings[u] = {
      index: md.index,
      forwards: md.forwards.map((f) => ({ expiry: formatIsoInstant(f.expiryMs), price: f.price })),
      vols: md.vols.map((v) => ({ expiry: formatIsoInstant(v.expiryMs), strike: v.strike, vol: v.vol })),
    };
  }
  if (d.rates) out.rates = { ...d.rates };
  return out;
}
