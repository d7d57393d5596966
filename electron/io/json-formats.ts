/**
 * Validators for pmdesk's JSON files (docs/formats.md): portfolio, market snapshot, scenario set
 * and parameter set. Unknown fields are errors, never silently ignored (product.md).
 */
import type { BalanceDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { checkDecimalField, checkInstrument, checkText } from './field-checks';
import { fatalReport, precheckText, type ImportIssue, type ImportReport } from './import-report';
import { parseMarketSnapshot } from '../engine/market-data';
import { parseScenarioSet } from '../engine/scenarios/scenario-set-json';
import { marginMethod } from '../engine/margin/registry';
import { convertDeribitBookSummary, isDeribitBookSummary, type VenueMarketOptions } from './venue-market-data';


/** A parsed portfolio file: name, balances, positions (ids optional, generated on save). */
export interface PortfolioFile {
  name: string;
  balances: BalanceDto[];
  positions: (Omit<PositionDto, 'id'> & { id?: string })[];
}

/** Deepest nesting accepted in any JSON file. */
export const MAX_JSON_DEPTH = 32;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * No value nested deeper than `MAX_JSON_DEPTH` (the top value is depth 0; a leaf counts). Plain
 * loops that recurse only into containers: no closure, no `Object.values` array and no call per
 * leaf (the `every`-based walk cost ~50 ms on a 20,000-position portfolio file, issue 12).
 */
function depthOk(v: unknown, d = 0): boolean {
  if (d > MAX_JSON_DEPTH) return false;
  if (typeof v !== 'object' || v === null) return true;
  const leafOk = d + 1 <= MAX_JSON_DEPTH;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === 'object' && x !== null ? !depthOk(x, d + 1) : !leafOk) return false;
    }
    return true;
  }
  const o = v as Obj;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    const x = o[k];
    if (typeof x === 'object' && x !== null ? !depthOk(x, d + 1) : !leafOk) return false;
  }
  return true;
}

/** Parse JSON text with the shared size/emptiness/depth prechecks; a fatal report on failure. */
export function parseJsonText<T>(text: unknown): { json: unknown; text: string } | ImportReport<T> {
  const pre = precheckText<T>(text);
  if (typeof pre !== 'string') return pre;
  let json: unknown;
  try {
    json = JSON.parse(pre);
  } catch (e) {
    return fatalReport('invalid-json', `not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!depthOk(json)) return fatalReport('too-deep', `nested deeper than ${MAX_JSON_DEPTH} levels`);
  return { json, text: pre };
}

function unknownFields(issues: ImportIssue[], row: number, path: string, o: Obj, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) issues.push({ row, column: path ? `${path}.${k}` : k, code: 'unknown-field', message: `unknown field ${JSON.stringify(k.slice(0, 40))}` });
  }
}

const CURRENCY = /^[A-Za-z0-9_]{1,20}$/;

/**
 * Validate a portfolio file. Bad positions are reported by list index (`row`, 1-based) and field
 * and left out of `valid[0].positions`; file-level problems (bad name, unknown top-level fields,
 * bad balances) are fatal.
 */
export function parsePortfolioJson(text: unknown): ImportReport<PortfolioFile> {
  const parsed = parseJsonText<PortfolioFile>(text);
  if (!('json' in parsed)) return parsed;
  const j = parsed.json;
  if (!isObj(j)) return fatalReport('wrong-type', 'a portfolio file must be a JSON object');
  const fileIssues: ImportIssue[] = [];
  unknownFields(fileIssues, 0, '', j, ['name', 'balances', 'positions']);
  const name = checkText(fileIssues, 0, 'name', j.name, 200, true);
  const balances: BalanceDto[] = [];
  if (j.balances !== undefined) {
    if (!Array.isArray(j.balances)) fileIssues.push({ row: 0, column: 'balances', code: 'wrong-type', message: 'balances must be a list' });
    else {
      const seen = new Set<string>();
      j.balances.forEach((b, i) => {
        const col = `balances[${i}]`;
        if (!isObj(b)) { fileIssues.push({ row: 0, column: col, code: 'wrong-type', message: 'a balance must be an object' }); return; }
        unknownFields(fileIssues, 0, col, b, ['currency', 'amount']);
        const n = fileIssues.length;
        const currency = checkText(fileIssues, 0, `${col}.currency`, b.currency, 20, true);
        if (currency !== undefined && !CURRENCY.test(currency)) fileIssues.push({ row: 0, column: `${col}.currency`, code: 'invalid-currency', message: `${JSON.stringify(currency)} is not a currency code` });
        else if (currency !== undefined && seen.has(currency.toUpperCase())) fileIssues.push({ row: 0, column: `${col}.currency`, code: 'duplicate-currency', message: `${currency} appears twice` });
        if (currency !== undefined) seen.add(currency.toUpperCase());
        const amount = checkDecimalField(fileIssues, 0, `${col}.amount`, b.amount, true);
        if (fileIssues.length === n && currency !== undefined && amount !== undefined) balances.push({ currency, amount });
      });
    }
  }
  if (!Array.isArray(j.positions)) {
    fileIssues.push({ row: 0, column: 'positions', code: j.positions === undefined ? 'required' : 'wrong-type', message: 'positions must be a list' });
  }
  if (fileIssues.length > 0) return { valid: [], issues: fileIssues, totalRows: 0, skippedRows: 0, fatal: true };
  const issues: ImportIssue[] = [];
  const positions: PortfolioFile['positions'] = [];
  const ids = new Set<string>();
  (j.positions as unknown[]).forEach((p, i) => {
    const row = i + 1;
    if (!isObj(p)) { issues.push({ row, column: '', code: 'wrong-type', message: 'a position must be an object' }); return; }
    const n = issues.length;
    unknownFields(issues, row, '', p, ['id', 'instrument', 'size', 'averagePrice', 'note']);
    const id = checkText(issues, row, 'id', p.id, 100);
    if (id !== undefined && ids.has(id)) issues.push({ row, column: 'id', code: 'duplicate-id', message: `row id ${id} appears twice` });
    const instrument = checkInstrument(issues, row, 'instrument', p.instrument);
    const size = checkDecimalField(issues, row, 'size', p.size, true);
    const averagePrice = checkDecimalField(issues, row, 'averagePrice', p.averagePrice, false);
    const note = checkText(issues, row, 'note', p.note, 2000);
    if (issues.length > n || instrument === undefined || size === undefined) return;
    if (id !== undefined) ids.add(id);
    const out: PortfolioFile['positions'][number] = { instrument, size };
    if (id !== undefined) out.id = id;
    if (averagePrice !== undefined) out.averagePrice = averagePrice;
    if (note !== undefined) out.note = note;
    positions.push(out);
  });
  return { valid: [{ name: name as string, balances, positions }], issues, totalRows: (j.positions as unknown[]).length, skippedRows: 0, fatal: false };
}

/** One trade of a what-if or hedge-candidate file. */
export interface TradeFileEntry {
  instrument: string;
  size: string;
}

/**
 * Validate a trade-list file (`pmdesk margin --what-if/--hedge`): a non-empty JSON array of
 * `{"instrument": symbol, "size": decimal string}` and nothing else. Issues carry the 1-based
 * list index as `row` and the field as `column`; any issue makes the report fatal (a what-if of
 * part of the trades would answer a different question).
 */
export function parseTradeListJson(text: unknown): ImportReport<TradeFileEntry> {
  const parsed = parseJsonText<TradeFileEntry>(text);
  if (!('json' in parsed)) return parsed;
  const j = parsed.json;
  if (!Array.isArray(j) || j.length === 0) return fatalReport('wrong-type', 'a trade list must be a non-empty JSON array of {"instrument", "size"}');
  const issues: ImportIssue[] = [];
  const valid: TradeFileEntry[] = [];
  j.forEach((t, i) => {
    const row = i + 1;
    if (!isObj(t)) { issues.push({ row, column: '', code: 'wrong-type', message: 'a trade must be an object {"instrument", "size"}' }); return; }
    const n = issues.length;
    unknownFields(issues, row, '', t, ['instrument', 'size']);
    const instrument = checkInstrument(issues, row, 'instrument', t.instrument);
    const size = checkDecimalField(issues, row, 'size', t.size, true);
    if (issues.length === n && instrument !== undefined && size !== undefined) valid.push({ instrument, size });
  });
  if (issues.length > 0) return { valid: [], issues, totalRows: j.length, skippedRows: 0, fatal: true };
  return { valid, issues, totalRows: j.length, skippedRows: 0, fatal: false };
}

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

function checkIso(issues: ImportIssue[], row: number, column: string, v: unknown): number | undefined {
  if (typeof v !== 'string' || !ISO_UTC.test(v) || Number.isNaN(Date.parse(v))) {
    issues.push({ row, column, code: v === undefined ? 'required' : 'invalid-date', message: `${column} must be an ISO-8601 time with a zone, like 2026-03-27T08:00:00Z` });
    return undefined;
  }
  return Date.parse(v);
}

function checkNumber(issues: ImportIssue[], row: number, column: string, v: unknown, opts: { min?: number; exclusiveMin?: boolean; max?: number; required?: boolean } = {}): number | undefined {
  if (v === undefined) {
    if (opts.required !== false) issues.push({ row, column, code: 'required', message: `${column} is required` });
    return undefined;
  }
  const x = typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v) : v;
  if (typeof x !== 'number') { issues.push({ row, column, code: 'wrong-type', message: `${column} must be a number` }); return undefined; }
  if (!Number.isFinite(x)) { issues.push({ row, column, code: 'invalid-number', message: `${column} is not finite` }); return undefined; }
  if (opts.min !== undefined && (opts.exclusiveMin ? x <= opts.min : x < opts.min)) {
    issues.push({ row, column, code: 'out-of-range', message: `${column} must be ${opts.exclusiveMin ? '>' : '≥'} ${opts.min}` });
    return undefined;
  }
  if (opts.max !== undefined && x > opts.max) { issues.push({ row, column, code: 'out-of-range', message: `${column} must be ≤ ${opts.max}` }); return undefined; }
  return x;
}

/**
 * Validate a market snapshot file (product.md format). All-or-nothing: any issue is fatal,
 * because a partial market is not a market. After the field checks the engine's
 * `parseMarketSnapshot` must accept it too. `valid[0]` is the exact text to store.
 *
 * A saved Deribit `get_book_summary_by_currency` response (bare array or JSON-RPC envelope) is
 * recognised and converted (venue-market-data.ts); then `valid[0]` is the converted snapshot in
 * the documented format, `totalRows` the number of book summaries and `skippedRows` those the
 * conversion did not use (perpetuals, expired, no `mark_iv`). `options.asOfMs` sets its as-of
 * time (default: the newest `creation_timestamp`); it does not apply to a pmdesk snapshot file.
 */
export function parseSnapshotJson(text: unknown, options: VenueMarketOptions = {}): ImportReport<{ json: unknown; text: string }> {
  const parsed = parseJsonText<{ json: unknown; text: string }>(text);
  if (!('json' in parsed)) return parsed;
  const j = parsed.json;
  if (isDeribitBookSummary(j)) {
    const c = convertDeribitBookSummary(j, options);
    if (!c.ok) return { valid: [], issues: c.issues, totalRows: c.entries, skippedRows: 0, fatal: true };
    const report = parseSnapshotJson(c.text);
    return { ...report, totalRows: c.entries, skippedRows: report.fatal ? 0 : c.skipped.length };
  }
  if (options.asOfMs !== undefined) {
    return fatalReport('wrong-type', 'an as-of time applies only to venue market data (a Deribit book summary); a pmdesk snapshot carries its own asOf', 'asOf');
  }
  if (!isObj(j)) return fatalReport('wrong-type', 'a market snapshot must be a JSON object');
  const issues: ImportIssue[] = [];
  unknownFields(issues, 0, '', j, ['asOf', 'underlyings', 'rates']);
  const asOf = checkIso(issues, 0, 'asOf', j.asOf);
  let rows = 0;
  if (!isObj(j.underlyings) || Object.keys(j.underlyings).length === 0) {
    issues.push({ row: 0, column: 'underlyings', code: j.underlyings === undefined ? 'required' : 'wrong-type', message: 'underlyings must be a non-empty object keyed by symbol' });
  } else {
    for (const [sym, u] of Object.entries(j.underlyings)) {
      const base = `underlyings.${sym}`;
      if (!/^[A-Z0-9_]{1,20}$/.test(sym)) issues.push({ row: 0, column: base, code: 'invalid-instrument', message: `${JSON.stringify(sym.slice(0, 30))} is not an underlying symbol` });
      if (!isObj(u)) { issues.push({ row: 0, column: base, code: 'wrong-type', message: 'must be an object' }); continue; }
      unknownFields(issues, 0, base, u, ['index', 'forwards', 'vols']);
      checkNumber(issues, 0, `${base}.index`, u.index, { min: 0, exclusiveMin: true });
      for (const [key, fields] of [['forwards', ['expiry', 'price']], ['vols', ['expiry', 'strike', 'vol']]] as const) {
        const list = u[key];
        if (list === undefined) continue;
        if (!Array.isArray(list)) { issues.push({ row: 0, column: `${base}.${key}`, code: 'wrong-type', message: 'must be a list' }); continue; }
        list.forEach((e, i) => {
          rows++;
          const col = `${base}.${key}[${i}]`;
          if (!isObj(e)) { issues.push({ row: i + 1, column: col, code: 'wrong-type', message: 'must be an object' }); return; }
          unknownFields(issues, i + 1, col, e, fields);
          const exp = checkIso(issues, i + 1, `${col}.expiry`, e.expiry);
          if (exp !== undefined && asOf !== undefined && exp <= asOf) issues.push({ row: i + 1, column: `${col}.expiry`, code: 'invalid-date', message: 'expiry is not after asOf' });
          if (key === 'forwards') checkNumber(issues, i + 1, `${col}.price`, e.price, { min: 0, exclusiveMin: true });
          else {
            checkNumber(issues, i + 1, `${col}.strike`, e.strike, { min: 0, exclusiveMin: true });
            checkNumber(issues, i + 1, `${col}.vol`, e.vol, { min: 0, max: 20 });
          }
        });
      }
    }
  }
  if (j.rates !== undefined) {
    if (!isObj(j.rates)) issues.push({ row: 0, column: 'rates', code: 'wrong-type', message: 'rates must be an object of currency → rate' });
    else for (const [k, v] of Object.entries(j.rates)) checkNumber(issues, 0, `rates.${k}`, v, { min: -1, max: 10 });
  }
  if (issues.length === 0) {
    // The engine's loader is the authority on what a usable market is (interpolation, consistency).
    try { parseMarketSnapshot(j); } catch (e) {
      issues.push({ row: 0, column: '', code: 'invalid-market', message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (issues.length > 0) return { valid: [], issues, totalRows: rows, skippedRows: 0, fatal: true };
  return { valid: [{ json: j, text: parsed.text }], issues, totalRows: rows, skippedRows: 0, fatal: false };
}

const VOL_KINDS = ['none', 'absolute', 'relative', 'term-scaled'];

/**
 * Validate a scenario-set file (the engine's `ScenarioSet` shape: `scenarios[]` with `id` and
 * per-underlying `shocks`): every structural problem is reported, then the engine's own
 * `parseScenarioSet` must accept it (duplicate ids, moves ≤ −1, vol-shock fields).
 */
export function parseScenarioSetJson(text: unknown): ImportReport<{ json: unknown; text: string; name?: string }> {
  const parsed = parseJsonText<{ json: unknown; text: string; name?: string }>(text);
  if (!('json' in parsed)) return parsed;
  const j = parsed.json;
  if (!isObj(j)) return fatalReport('wrong-type', 'a scenario set must be a JSON object');
  const issues: ImportIssue[] = [];
  unknownFields(issues, 0, '', j, ['id', 'name', 'version', 'smile', 'scenarios']);
  const name = checkText(issues, 0, 'name', j.name, 200, false);
  if (j.smile !== undefined && j.smile !== 'sticky-strike' && j.smile !== 'sticky-moneyness') issues.push({ row: 0, column: 'smile', code: 'wrong-type', message: 'smile must be sticky-strike or sticky-moneyness' });
  const list = j.scenarios;
  if (!Array.isArray(list) || list.length === 0) issues.push({ row: 0, column: 'scenarios', code: list === undefined ? 'required' : 'wrong-type', message: 'scenarios must be a non-empty list' });
  else list.forEach((s, i) => {
    const row = i + 1;
    if (!isObj(s)) { issues.push({ row, column: 'scenarios', code: 'wrong-type', message: 'a scenario must be an object' }); return; }
    unknownFields(issues, row, '', s, ['id', 'label', 'table', 'shocks', 'defaultShock', 'timeShiftDays', 'bucket', 'volState']);
    checkText(issues, row, 'id', s.id, 100, true);
    checkText(issues, row, 'label', s.label, 200, false);
    if (s.timeShiftDays !== undefined) checkNumber(issues, row, 'timeShiftDays', s.timeShiftDays, { min: 0, max: 3650 });
    const shocks: [string, unknown][] = isObj(s.shocks) ? Object.entries(s.shocks) : [];
    if (s.shocks !== undefined && !isObj(s.shocks)) issues.push({ row, column: 'shocks', code: 'wrong-type', message: 'shocks must be an object keyed by underlying' });
    if (s.defaultShock !== undefined) shocks.push(['(default)', s.defaultShock]);
    for (const [u, sh] of shocks) {
      const col = `shocks.${u}`;
      if (!isObj(sh)) { issues.push({ row, column: col, code: 'wrong-type', message: 'a shock must be an object' }); continue; }
      unknownFields(issues, row, col, sh, ['move', 'vol', 'pnlWeight']);
      checkNumber(issues, row, `${col}.move`, sh.move, { min: -1 });
      if (sh.vol === undefined) continue;
      if (!isObj(sh.vol) || !VOL_KINDS.includes(String(sh.vol.kind))) issues.push({ row, column: `${col}.vol`, code: 'wrong-type', message: `vol must be an object with kind ${VOL_KINDS.join('|')}` });
      else for (const [k, v] of Object.entries(sh.vol)) if (k !== 'kind' && k !== 'direction' && typeof v !== 'number') issues.push({ row, column: `${col}.vol.${k}`, code: 'wrong-type', message: 'must be a number' });
    }
  });
  if (issues.length === 0) {
    try { parseScenarioSet(j); } catch (e) {
      issues.push({ row: 0, column: '', code: 'invalid-scenario-set', message: e instanceof Error ? e.message : String(e) });
    }
  }
  if (issues.length > 0) return { valid: [], issues, totalRows: Array.isArray(list) ? list.length : 0, skippedRows: 0, fatal: true };
  const out: { json: unknown; text: string; name?: string } = { json: j, text: parsed.text };
  if (name !== undefined) out.name = name;
  return { valid: [out], issues, totalRows: (list as unknown[]).length, skippedRows: 0, fatal: false };
}

/**
 * Validate a method parameter-set file: a JSON object of sections (e.g. Deribit `model_params`
 * as the venue returns it) whose leaves are finite numbers, strings, booleans or null. With
 * `method` (a registered method id) that method's own parameter parser must accept it too.
 */
export function parseParameterSetJson(text: unknown, method?: string): ImportReport<{ json: unknown; text: string }> {
  const parsed = parseJsonText<{ json: unknown; text: string }>(text);
  if (!('json' in parsed)) return parsed;
  const j = parsed.json;
  if (!isObj(j) || Object.keys(j).length === 0) return fatalReport('wrong-type', 'a parameter set must be a non-empty JSON object');
  const issues: ImportIssue[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    else if (typeof v === 'number' && !Number.isFinite(v)) issues.push({ row: 0, column: path, code: 'invalid-number', message: `${path} is not finite` });
    else if (typeof v === 'string' && v.length > 2000) issues.push({ row: 0, column: path, code: 'too-long', message: `${path} is too long` });
  };
  walk(j, '');
  const validate = method === undefined ? undefined : marginMethod(method)?.parseParams;
  if (issues.length === 0 && validate) {
    try { validate(j); } catch (e) {
      issues.push({ row: 0, column: '', code: 'invalid-parameters', message: `${method}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  if (issues.length > 0) return { valid: [], issues, totalRows: 0, skippedRows: 0, fatal: true };
  return { valid: [{ json: j, text: parsed.text }], issues, totalRows: 0, skippedRows: 0, fatal: false };
}
