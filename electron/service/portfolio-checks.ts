/**
 * Checks a portfolio must pass before it is saved, beyond the request schema: every symbol must
 * parse under the venue symbology, so a book that was saved can always be margined.
 */
import { parseInstrument } from '../engine/instruments';
import { DecimalParseError, parseDecimal } from '../engine/money/decimal';
import { RequestValidationError } from '../../shared/ipc/schemas';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';

/** Throw `RequestValidationError` naming every position whose instrument symbol does not parse. */
export function assertInstrumentsParse(channel: string, portfolio: PortfolioDto): void {
  const issues: { path: string; message: string }[] = [];
  // A book repeats few symbols many times: parse each distinct symbol once.
  const verdict = new Map<string, string | null>();
  portfolio.positions.forEach((p, i) => {
    let problem = verdict.get(p.instrument);
    if (problem === undefined) {
      try {
        parseInstrument(p.instrument);
        problem = null;
      } catch (e) {
        problem = e instanceof Error ? e.message : String(e);
      }
      verdict.set(p.instrument, problem);
    }
    if (problem !== null && issues.length < 20) issues.push({ path: `portfolio.positions.${i}.instrument`, message: problem });
  });
  if (issues.length > 0) throw new RequestValidationError(channel, issues);
}

/**
 * Throw `RequestValidationError` naming every balance amount, size or average price that the
 * engine's decimal boundary (`parseDecimal`: syntax, |x| ≤ 1e15) refuses. For read-only channels
 * that take a whole book (reports, analysis): a book the engine cannot read is refused up front
 * with the item named, rather than answered with every method failing.
 */
export function assertPortfolioDecimals(channel: string, portfolio: PortfolioDto): void {
  const issues: { path: string; message: string }[] = [];
  const check = (path: string, value: unknown) => {
    if (value === undefined || issues.length >= 20) return;
    try {
      parseDecimal(value);
    } catch (e) {
      issues.push({ path, message: e instanceof DecimalParseError ? e.reason : String(e) });
    }
  };
  portfolio.balances.forEach((b, i) => check(`portfolio.balances.${i}.amount`, b.amount));
  portfolio.positions.forEach((p, i) => {
    check(`portfolio.positions.${i}.size`, p.size);
    check(`portfolio.positions.${i}.averagePrice`, p.averagePrice);
  });
  if (issues.length > 0) throw new RequestValidationError(channel, issues);
}
