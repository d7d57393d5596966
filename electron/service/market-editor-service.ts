/**
 * The market editor channels (shared/ipc/market-editor-contract.ts, issue 13 §3): arbitrage
 * checks of an edited snapshot, a market file read into the snapshot format without storing it,
 * and the open working session re-run on the edited snapshot. Saving is `document:import` (a new
 * revision of the snapshot), as for any imported snapshot.
 */
import { MarketDataError, parseMarketSnapshot, type MarketSnapshot } from '../engine/market-data';
import { surfaceArbitrage } from '../engine/market-checks';
import { validateDocument } from '../io/import-documents';
import type { MarketEditorInvokeContract } from '../../shared/ipc/market-editor-contract';
import type { PreviewMarket } from './workspace/workspace-service';
import { DraftMargins, type DraftSession } from './market-preview/draft-margins';
import { warningDtos } from './market-preview/warning-dtos';

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

export { warningDtos };

/**
 * The handlers over the workspace's `previewMarket` and, for `market:draft-margin`, a look-up of
 * the open session's book and detail method (undefined: the session is not open).
 */
export function createMarketEditorService(previewMarket: PreviewMarket, sessionOf: (sessionId: string) => DraftSession | undefined = () => undefined): MarketEditorHandlers {
  const drafts = new DraftMargins(sessionOf);
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
    'market:draft-margin': ({ sessionId, draftId, snapshotText }) => drafts.preview({ sessionId, draftId, snapshotText }),
  };
}
