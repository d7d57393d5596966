/**
 * Checks a portfolio must pass before it is saved, beyond the request schema: every symbol must
 * parse under the venue symbology, so a book that was saved can always be margined.
 */
import { parseInstrument } from '../engine/instruments';
import { RequestValidationError } from '../../shared/ipc/schemas';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';

/** Throw `RequestValidationError` naming every position whose instrument symbol does not parse. */
export function assertInstrumentsParse(channel: string, portfolio: PortfolioDto): void {
  const issues: { path: string; message: string }[] = [];
  portfolio.positions.forEach((p, i) => {
    try {
      parseInstrument(p.instrument);
    } catch (e) {
      if (issues.length < 20) issues.push({ path: `portfolio.positions.${i}.instrument`, message: e instanceof Error ? e.message : String(e) });
    }
  });
  if (issues.length > 0) throw new RequestValidationError(channel, issues);
}
