/**
 * Market snapshot editor channels (issue 13 §3): check an edited snapshot for static arbitrage,
 * read a market file (snapshot JSON or a saved Deribit book summary) into the snapshot format
 * without storing it, and re-run the open working session on an edited snapshot (a draft: margin
 * follows every edit; nothing is stored until the editor saves it as a new revision with
 * `document:import`). Snapshots travel as their JSON text. Merged into `InvokeContract`
 * (contract.ts), the request schemas (schemas.ts) and `AppApi` (api.ts); served by
 * `electron/service/market-editor-service.ts`.
 */
import * as v from 'valibot';
import type { DraftMarginDto, MarketCheckDto, MarketFileDto, MarketPreviewDto } from '../domain/dto/market-editor.dto';
import { Id } from './common-schemas';

/** Largest snapshot or market file text accepted (a full Deribit book summary is a few MB). */
export const MAX_MARKET_TEXT = 64 * 1024 * 1024;

export interface MarketEditorInvokeContract {
  /** Calendar and butterfly warnings of a snapshot (refused, naming the item, if it is not a valid snapshot). */
  'market:check': { req: { snapshotText: string }; res: MarketCheckDto };
  /** A market file's text as a snapshot (JSON as is; a Deribit book summary converted), not stored. */
  'market:parse-file': { req: { text: string }; res: MarketFileDto };
  /**
   * Re-run the open session of `sessionId` on this edited snapshot of `marketId`; it stays the
   * session's market until a context change names a market (`session:context` with `marketId`).
   */
  'market:preview': { req: { sessionId: string; marketId: string; snapshotText: string }; res: MarketPreviewDto };
  /**
   * The detail method's margin of the open session `sessionId` on this edited snapshot, computed
   * from the draft `draftId`'s previous preview by re-pricing only the instruments the edit
   * changed (equal to a fresh run). The session itself is not changed: `market:preview` does that.
   */
  'market:draft-margin': { req: { sessionId: string; draftId: string; snapshotText: string }; res: DraftMarginDto };
}

export const MARKET_EDITOR_CHANNELS = ['market:check', 'market:parse-file', 'market:preview', 'market:draft-margin'] as const satisfies readonly (keyof MarketEditorInvokeContract)[];

const SnapshotText = v.pipe(v.string('must be the snapshot JSON as text'), v.minLength(1, 'snapshot text is empty'), v.maxLength(MAX_MARKET_TEXT, 'snapshot is too large'));

export const marketEditorRequestSchemas = {
  'market:check': v.strictObject({ snapshotText: SnapshotText }),
  'market:parse-file': v.strictObject({ text: v.pipe(v.string('must be the file text'), v.maxLength(MAX_MARKET_TEXT, 'file is too large')) }),
  'market:preview': v.strictObject({ sessionId: Id, marketId: Id, snapshotText: SnapshotText }),
  'market:draft-margin': v.strictObject({ sessionId: Id, draftId: Id, snapshotText: SnapshotText }),
};

type Invoke = <C extends keyof MarketEditorInvokeContract>(channel: C, req: MarketEditorInvokeContract[C]['req']) => Promise<MarketEditorInvokeContract[C]['res']>;

/** `api.marketEditor.*`: one method per market editor channel. */
export interface MarketEditorApi {
  check(req: MarketEditorInvokeContract['market:check']['req']): Promise<MarketCheckDto>;
  parseFile(req: MarketEditorInvokeContract['market:parse-file']['req']): Promise<MarketFileDto>;
  preview(req: MarketEditorInvokeContract['market:preview']['req']): Promise<MarketPreviewDto>;
  draftMargin(req: MarketEditorInvokeContract['market:draft-margin']['req']): Promise<DraftMarginDto>;
}

export function buildMarketEditorApi(invoke: Invoke): MarketEditorApi {
  return {
    check: (req) => invoke('market:check', req),
    parseFile: (req) => invoke('market:parse-file', req),
    preview: (req) => invoke('market:preview', req),
    draftMargin: (req) => invoke('market:draft-margin', req),
  };
}
