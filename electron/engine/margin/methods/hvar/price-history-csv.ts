/**
 * The price-history file of the historical VaR / ES method (docs/formats.md "Price-history CSV"):
 * one daily close per row, `date,symbol,close` (header required, any order, names matched without
 * case; other columns ignored). Pure: text in, closes and every bad row (row number and reason)
 * out, so a file is reported in full at once and never half-used.
 *
 * Conventions: `date` is an ISO calendar date `YYYY-MM-DD` (a real day); `symbol` is the
 * underlying as the book names it (`BTC`; matched upper-cased); `close` a positive decimal number
 * without exponent or thousands separators (`96512.37`). Separator `,`; fields may be quoted
 * (RFC 4180, `""` inside quotes); LF or CRLF; optional UTF-8 BOM; blank lines skipped. Rows are
 * numbered as lines of the file (header = row 1). One close per (date, symbol): a repeat is an error
 * on the later row.
 */

/** One refused row: its 1-based line number in the file (0: the whole file) and why. */
export interface HistoryIssue { row: number; reason: string }

/** The closes of a history file, per symbol, keyed by ISO date. */
export interface PriceHistory {
  /** Every date that has at least one close, ascending. */
  dates: string[];
  /** Symbol (upper-case) → date → close. */
  closes: Map<string, Map<string, number>>;
  /** Number of data rows read. */
  rows: number;
}

/** A parse: the history if there was no issue, and every issue (at most {@link MAX_ISSUES}, then a count). */
export interface HistoryParse { history: PriceHistory | undefined; issues: HistoryIssue[] }

/** Issues listed one by one; more are summarised in one final issue (a 200,000-row file of garbage stays readable). */
export const MAX_ISSUES = 50;
/** Rows accepted in one file (the import limit of docs/formats.md "Validation report"). */
export const MAX_ROWS = 200_000;

const DECIMAL = /^\d+(\.\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The fields of one CSV line (RFC 4180 quoting, no line breaks inside a field), or a reason. */
function splitLine(line: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= line.length) return 'unterminated quoted field';
        if (line[i] === '"') {
          if (line[i + 1] === '"') { v += '"'; i += 2; continue; }
          i++;
          break;
        }
        v += line[i++];
      }
      if (i < line.length && line[i] !== ',') return 'text after a closing quote';
      out.push(v);
    } else {
      const j = line.indexOf(',', i);
      const v = j < 0 ? line.slice(i) : line.slice(i, j);
      if (v.includes('"')) return 'quote inside an unquoted field';
      out.push(v);
      i = j < 0 ? line.length : j;
    }
    if (i >= line.length) return out;
    i++; // the comma
    if (i === line.length) { out.push(''); return out; }
  }
}

/** Parse a price-history CSV (see the file comment). */
export function parsePriceHistoryCsv(text: string): HistoryParse {
  const issues: HistoryIssue[] = [];
  let dropped = 0;
  const issue = (row: number, reason: string) => { if (issues.length < MAX_ISSUES) issues.push({ row, reason }); else dropped++; };
  const finish = (history: PriceHistory | undefined): HistoryParse => {
    if (dropped > 0) issues.push({ row: 0, reason: `${dropped} more bad row(s) not listed` });
    return { history: issues.length > 0 ? undefined : history, issues };
  };
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  let h = 0;
  while (h < lines.length && lines[h].replace(/\r$/, '').trim() === '') h++;
  if (h === lines.length) { issue(0, 'empty file: expected a header date,symbol,close and rows'); return finish(undefined); }
  const header = splitLine(lines[h].replace(/\r$/, ''));
  if (typeof header === 'string') { issue(h + 1, `header: ${header}`); return finish(undefined); }
  const names = header.map((x) => x.trim().toLowerCase());
  const col: Record<'date' | 'symbol' | 'close', number> = { date: -1, symbol: -1, close: -1 };
  for (const k of ['date', 'symbol', 'close'] as const) {
    const at = names.indexOf(k);
    if (at < 0) issue(h + 1, `header: missing column "${k}" (expected date,symbol,close)`);
    else if (names.indexOf(k, at + 1) >= 0) issue(h + 1, `header: column "${k}" appears twice`);
    col[k] = at;
  }
  if (issues.length > 0) return finish(undefined);
  const closes = new Map<string, Map<string, number>>();
  const dates = new Set<string>();
  let rows = 0;
  for (let i = h + 1; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const row = i + 1;
    if (++rows > MAX_ROWS) { issue(row, `more than ${MAX_ROWS} rows`); break; }
    const f = splitLine(line);
    if (typeof f === 'string') { issue(row, f); continue; }
    if (f.length !== names.length) { issue(row, `${f.length} field(s), the header has ${names.length}`); continue; }
    const date = f[col.date].trim(), symbol = f[col.symbol].trim().toUpperCase(), closeText = f[col.close].trim();
    const bad: string[] = [];
    if (!isIsoDate(date)) bad.push(`date "${date}" is not a calendar date YYYY-MM-DD`);
    if (!/^[A-Z0-9][A-Z0-9._-]{0,31}$/.test(symbol)) bad.push(`symbol "${f[col.symbol].trim()}" is not a symbol (letters, digits, . _ -; up to 32)`);
    const close = Number(closeText);
    if (!DECIMAL.test(closeText) || !(close > 0) || !Number.isFinite(close)) bad.push(`close "${closeText}" is not a positive decimal number`);
    if (bad.length > 0) { issue(row, bad.join('; ')); continue; }
    let s = closes.get(symbol);
    if (!s) { s = new Map(); closes.set(symbol, s); }
    if (s.has(date)) { issue(row, `second close for ${symbol} on ${date}`); continue; }
    s.set(date, close);
    dates.add(date);
  }
  if (issues.length === 0 && rows === 0) issue(0, 'no data rows after the header');
  return finish({ dates: [...dates].sort(), closes, rows });
}
