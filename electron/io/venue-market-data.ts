/**
 * Saved venue market data as a market snapshot: a Deribit `public/get_book_summary_by_currency`
 * response — the bare `result` array of book summaries, the JSON-RPC envelope
 * `{"jsonrpc": "2.0", "result": [...]}`, or an array of such responses (BTC and ETH in one file) —
 * converted by the engine's adapter `parseDeribitBookSummary` and re-serialised in the documented
 * snapshot format (docs/formats.md), which is what gets stored and what the engine loads.
 *
 * The as-of time is the caller's explicit `asOfMs` (the CLI's `--as-of`), else the newest
 * `creation_timestamp` in the data; with neither the file is refused.
 */
import { MarketDataError, marketSnapshotToJson, parseDeribitBookSummary } from '../engine/market-data';
import type { ImportIssue } from './import-report';

/** Options for reading venue market data. */
export interface VenueMarketOptions {
  /** Valuation instant (epoch ms); default the newest `creation_timestamp` in the data. */
  asOfMs?: number;
}

/** What a venue-data conversion produced: the snapshot JSON (documented format) or the problems. */
export type VenueMarketConversion =
  | { ok: true; json: unknown; text: string; entries: number; skipped: { instrument: string; reason: string }[] }
  | { ok: false; issues: ImportIssue[]; entries: number };

/**
 * True when `json` is shaped like a saved Deribit book-summary response rather than a pmdesk
 * snapshot: a JSON array (a snapshot file is always an object) or an object with a `result`
 * member (the JSON-RPC envelope; `result` is not a snapshot field).
 */
export function isDeribitBookSummary(json: unknown): boolean {
  return Array.isArray(json) || (typeof json === 'object' && json !== null && 'result' in json);
}

function countEntries(json: unknown): number {
  if (Array.isArray(json)) return json.reduce<number>((n, x) => n + (Array.isArray(x) || (typeof x === 'object' && x !== null && 'result' in x) ? countEntries(x) : 1), 0);
  if (typeof json === 'object' && json !== null && 'result' in json) return countEntries((json as { result: unknown }).result);
  return 0;
}

/** Convert a saved Deribit book summary into the documented snapshot JSON (and its text). */
export function convertDeribitBookSummary(json: unknown, options: VenueMarketOptions = {}): VenueMarketConversion {
  const entries = countEntries(json);
  if (typeof json === 'object' && json !== null && !Array.isArray(json) && 'error' in json) {
    return { ok: false, entries, issues: [{ row: 0, column: 'error', code: 'invalid-market', message: 'the saved Deribit response is an error response, not book summaries' }] };
  }
  if (entries === 0) {
    return { ok: false, entries, issues: [{ row: 0, column: Array.isArray(json) ? '' : 'result', code: 'invalid-market', message: 'the Deribit book summary holds no instruments' }] };
  }
  try {
    const { snapshot, skipped } = parseDeribitBookSummary(json, options.asOfMs === undefined ? {} : { asOfMs: options.asOfMs });
    const snap = marketSnapshotToJson(snapshot);
    return { ok: true, json: snap, text: `${JSON.stringify(snap, null, 2)}\n`, entries, skipped };
  } catch (e) {
    if (!(e instanceof MarketDataError)) throw e;
    const message = e.path === 'asOf'
      ? 'the Deribit book summary has no creation_timestamp to take the as-of time from; give it explicitly (pmdesk: --as-of 2026-02-15T12:00:00Z)'
      : `Deribit book summary: ${e.reason}`;
    return { ok: false, entries, issues: [{ row: 0, column: e.path === '(root)' ? '' : e.path, code: 'invalid-market', message }] };
  }
}
