/** Field-level checks shared by the CSV and JSON importers; each pushes a named issue on failure. */
import { decimalProblem } from '../db/decimal-check';
import { INSTRUMENT_PATTERN, syntaxFieldChecks } from '../../shared/domain/venue-positions';
import type { ImportIssue } from './import-report';

/** Accepted instrument symbol characters (venue symbology plus `_`, `.`, `:`, `/`), shared with the grid's paste. */
export { INSTRUMENT_PATTERN };

// C0/C1 control characters and DEL.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Check a decimal field; returns the trimmed text or undefined after pushing an issue. */
export function checkDecimalField(issues: ImportIssue[], row: number, column: string, raw: unknown, required: boolean): string | undefined {
  const v = typeof raw === 'string' ? raw.trim() : raw;
  if (v === undefined || v === null || v === '') {
    if (required) issues.push({ row, column, code: 'required', message: `${column} is empty` });
    return undefined;
  }
  if (typeof v !== 'string') {
    issues.push({ row, column, code: 'wrong-type', message: `${column} must be a decimal string, got ${typeof v === 'number' ? `the number ${String(v)}` : typeof v}` });
    return undefined;
  }
  const reason = decimalProblem(v);
  if (reason === undefined) return v;
  {
    issues.push({ row, column, code: reason.includes('magnitude') ? 'out-of-range' : 'invalid-decimal', message: `${column} ${JSON.stringify(v.slice(0, 40))}: ${reason}` });
    return undefined;
  }
}

/** Check an instrument symbol (the rule the grid's paste applies too: shared/domain/venue-positions.ts). */
export function checkInstrument(issues: ImportIssue[], row: number, column: string, raw: unknown): string | undefined {
  return syntaxFieldChecks.instrument(issues, row, column, raw);
}

/** Check optional free text (notes, names). */
export function checkText(issues: ImportIssue[], row: number, column: string, raw: unknown, max: number, required = false): string | undefined {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    if (required) issues.push({ row, column, code: 'required', message: `${column} is empty` });
    return undefined;
  }
  if (typeof raw !== 'string') { issues.push({ row, column, code: 'wrong-type', message: `${column} must be text` }); return undefined; }
  const s = raw.trim();
  if (s.length > max) { issues.push({ row, column, code: 'too-long', message: `${column} is longer than ${max} characters` }); return undefined; }
  if (CONTROL.test(s)) { issues.push({ row, column, code: 'control-character', message: `${column} contains control characters` }); return undefined; }
  return s;
}
