/** Validation of a portfolio before it is saved: every problem is collected, nothing is written. */
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';
import type { ValidationIssue } from './errors';
import { newId } from './ids';
import { decimalProblem } from './decimal-check';

/** Longest accepted instrument symbol, portfolio name and note. */
export const LIMITS = { name: 200, instrument: 100, note: 2000, currency: 20, id: 100 } as const;

// Control characters (C0, DEL, C1) are refused in every text field.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CURRENCY = /^[A-Za-z0-9_]+$/;

function checkText(issues: ValidationIssue[], path: string, v: unknown, max: number, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) issues.push({ path, code: 'required', message: 'is required' });
    return undefined;
  }
  if (typeof v !== 'string') { issues.push({ path, code: 'wrong-type', message: `expected text, got ${typeof v}` }); return undefined; }
  // Fast path: no surrounding whitespace means no trim allocation.
  const t = v.length > 0 && v.charCodeAt(0) > 32 && v.charCodeAt(v.length - 1) > 32 ? v : v.trim();
  if (required && t === '') { issues.push({ path, code: 'required', message: 'must not be empty' }); return undefined; }
  if (t.length > max) { issues.push({ path, code: 'too-long', message: `longer than ${max} characters` }); return undefined; }
  if (CONTROL.test(t)) { issues.push({ path, code: 'control-character', message: 'contains control characters' }); return undefined; }
  return t;
}

function checkDecimal(issues: ValidationIssue[], path: string, v: unknown, required: boolean): string | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) issues.push({ path, code: 'required', message: 'is required' });
    return undefined;
  }
  if (typeof v !== 'string') { issues.push({ path, code: 'wrong-type', message: `expected a decimal string, got ${typeof v}` }); return undefined; }
  const t = v.trim();
  const reason = decimalProblem(t);
  if (reason === undefined) return t;
  issues.push({ path, code: reason.includes('magnitude') ? 'out-of-range' : 'invalid-decimal', message: `${JSON.stringify(v.slice(0, 40))}: ${reason}` });
  return undefined;
}

/**
 * Check a portfolio for saving and return its normalised copy (trimmed text, generated ids for
 * rows without one) plus every issue found. Decimals keep the text the user gave (trimmed).
 */
export function validatePortfolio(input: unknown): { value: PortfolioDto; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const dto = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  if (typeof input !== 'object' || input === null) issues.push({ path: '', code: 'wrong-type', message: 'expected a portfolio object' });
  const id = dto.id === undefined || dto.id === '' ? newId() : checkText(issues, 'id', dto.id, LIMITS.id, true) ?? '';
  const name = checkText(issues, 'name', dto.name, LIMITS.name, true) ?? '';
  const value: PortfolioDto = { id, name, balances: [], positions: [] };

  const balances = dto.balances ?? [];
  if (!Array.isArray(balances)) issues.push({ path: 'balances', code: 'wrong-type', message: 'expected a list' });
  else {
    const seen = new Set<string>();
    balances.forEach((b: unknown, i) => {
      const p = `balances[${i}]`;
      if (typeof b !== 'object' || b === null) { issues.push({ path: p, code: 'wrong-type', message: 'expected an object' }); return; }
      const r = b as Record<string, unknown>;
      const currency = checkText(issues, `${p}.currency`, r.currency, LIMITS.currency, true);
      if (currency !== undefined && !CURRENCY.test(currency)) issues.push({ path: `${p}.currency`, code: 'invalid-currency', message: `${JSON.stringify(currency)} is not a currency code` });
      else if (currency !== undefined && seen.has(currency.toUpperCase())) issues.push({ path: `${p}.currency`, code: 'duplicate-currency', message: `${currency} appears twice` });
      if (currency !== undefined) seen.add(currency.toUpperCase());
      const amount = checkDecimal(issues, `${p}.amount`, r.amount, true);
      if (currency !== undefined && amount !== undefined) value.balances.push({ currency, amount });
    });
  }

  const positions = dto.positions ?? [];
  if (!Array.isArray(positions)) issues.push({ path: 'positions', code: 'wrong-type', message: 'expected a list' });
  else {
    const ids = new Set<string>();
    positions.forEach((q: unknown, i) => {
      const p = `positions[${i}]`;
      if (typeof q !== 'object' || q === null) { issues.push({ path: p, code: 'wrong-type', message: 'expected an object' }); return; }
      const r = q as Record<string, unknown>;
      const pid = r.id === undefined || r.id === '' ? newId() : checkText(issues, `${p}.id`, r.id, LIMITS.id, true);
      if (pid !== undefined && ids.has(pid)) issues.push({ path: `${p}.id`, code: 'duplicate-id', message: `row id ${pid} appears twice` });
      if (pid !== undefined) ids.add(pid);
      const instrument = checkText(issues, `${p}.instrument`, r.instrument, LIMITS.instrument, true);
      const size = checkDecimal(issues, `${p}.size`, r.size, true);
      const averagePrice = checkDecimal(issues, `${p}.averagePrice`, r.averagePrice, false);
      const note = checkText(issues, `${p}.note`, r.note, LIMITS.note, false);
      if (pid !== undefined && instrument !== undefined && size !== undefined) {
        const pos: PortfolioDto['positions'][number] = { id: pid, instrument, size };
        if (averagePrice !== undefined) pos.averagePrice = averagePrice;
        if (note !== undefined && note !== '') pos.note = note;
        value.positions.push(pos);
      }
    });
  }
  return { value, issues };
}
