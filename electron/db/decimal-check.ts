/** Fast acceptance test for decimal strings, equivalent to `parseDecimal` succeeding (no allocation on the common path). */
import { DecimalParseError, parseDecimal } from '../engine/money';
import { isDecimalString } from '../../shared/domain/decimal-string';

/**
 * `undefined` when `text` (already trimmed) is a decimal `parseDecimal` accepts, else the reason.
 * Plain decimals with at most 15 integer digits are decided by the pattern alone; anything else
 * (exponents, 16+ integer digits) goes through `parseDecimal` for the exact magnitude rule.
 */
export function decimalProblem(text: string): string | undefined {
  if (!isDecimalString(text)) return 'not a decimal number';
  const hasExp = text.includes('e') || text.includes('E');
  let intDigits = 0;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) break; // . e E
    if (c >= 48 && c <= 57) {
      if (leading && c === 48) continue;
      leading = false;
      intDigits++;
    }
  }
  if (!hasExp && intDigits <= 15) return undefined;
  try {
    parseDecimal(text);
    return undefined;
  } catch (e) {
    return e instanceof DecimalParseError ? e.reason : String(e);
  }
}
