/** Arbitrage warnings of the engine (`market-checks`) as the market editor's DTOs. */
import type { ArbitrageWarningDto } from '../../../shared/domain/dto/market-editor.dto';
import type { ArbitrageWarning } from '../../engine/market-checks';
import { formatIsoInstant } from '../../engine/market-data/snapshot-json';
import { floatText } from '../../engine/margin/float-text';

/** Engine warnings as DTOs: ISO expiries, float diagnostics as their shortest round-trip text. */
export function warningDtos(warnings: readonly ArbitrageWarning[]): ArbitrageWarningDto[] {
  return warnings.map((w) => w.kind === 'calendar'
    ? {
      kind: 'calendar', underlying: w.underlying, earlierExpiry: formatIsoInstant(w.earlierExpiryMs), laterExpiry: formatIsoInstant(w.laterExpiryMs),
      expiry: formatIsoInstant(w.expiryMs), strike: w.strike, logMoneyness: floatText(w.logMoneyness),
      earlierTotalVariance: floatText(w.earlierTotalVariance), laterTotalVariance: floatText(w.laterTotalVariance),
    }
    : { kind: 'butterfly', underlying: w.underlying, expiry: formatIsoInstant(w.expiryMs), strikes: w.strikes, butterfly: floatText(w.butterfly) });
}
