/**
 * The market editor channels (shared/ipc/market-editor-contract.ts, issue 13 §3): arbitrage
 * checks of an edited snapshot, a market file read into the snapshot format without storing it,
 * and the open working session re-run on the edited snapshot. Saving is `document:import` (a new
 * revision of the snapshot), as for any imported snapshot.
 */
import { MarketDataError, parseMarketSnapshot, type MarketSnapshot } from '../engine/market-data';
import { formatIsoInstant } from '../engine/market-data/snapshot-json';
import { surfaceArbitrage, type ArbitrageWarning } from '../engine/market-checks';
import { floatText } from '../engine/margin/float-text';
import { validateDocument } from '../io/import-documents';
import type { ArbitrageWarningDto } from '../../shared/domain/dto/market-editor.dto';
import type { MarketEditorInvokeContract } from '../../shared/ipc/market-editor-contract';
import type { PreviewMarket } from './workspace/workspace-service';

type Channel = keyof MarketEditorInvokeContract;
export type MarketEditorHandlers = { [C in Channel]: (req: MarketEditorInvokeContract[C]['req']) => MarketEditorInvokeContract[C]['res'] };

/** A market file the importers refuse: every issue with its field. */
export class ImportValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportValidationError';
  }
}

function readSnapshot(text: string): { json: unknown; snapshot: MarketSnapshot } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MarketDataError('', `snapshot is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { json, snapshot: parseMarketSnapshot(json) };
}

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

export function createMarketEditorService(previewMarket: PreviewMarket): MarketEditorHandlers {
  return {
    'market:check': ({ snapshotText }) => ({ warnings: warningDtos(surfaceArbitrage(readSnapshot(snapshotText).snapshot)) }),
    'market:parse-file': ({ text }) => {
      const report = validateDocument('snapshot', text);
      const doc = report.valid[0];
      if (report.fatal || report.issues.length > 0 || !doc) {
        const shown = report.issues.slice(0, 10).map((i) => (i.column ? `${i.column}: ${i.message}` : i.message));
        const more = report.issues.length > 10 ? ` (and ${report.issues.length - 10} more)` : '';
        throw new ImportValidationError(`not a market snapshot or Deribit book summary: ${shown.join('; ') || 'no snapshot found'}${more}`);
      }
      return { snapshotText: doc.text, ...(doc.name ? { name: doc.name } : {}) };
    },
    'market:preview': ({ sessionId, marketId, snapshotText }) => {
      const { json, snapshot } = readSnapshot(snapshotText);
      const warnings = warningDtos(surfaceArbitrage(snapshot));
      return { session: previewMarket(sessionId, marketId, json), warnings };
    },
  };
}
