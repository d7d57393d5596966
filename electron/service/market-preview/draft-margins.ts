/**
 * The market editor's incremental margin (`market:draft-margin`, issue 13 §3): per editor draft
 * (the draft id the editor names), the detail method's calculator priced at the draft's last
 * snapshot is kept between previews. An edit compares the new snapshot with the last one
 * (`marketDelta`: which instruments read a changed input — for a vol cell, the options of the
 * edited expiry and of the expiries strictly between its quoted neighbours) and re-prices only
 * those instruments' rows, then re-aggregates (`remarkPm`). The figures equal a fresh run's on the
 * edited snapshot to the last digit (draft-margins.test.ts compares with `margin:run` over random
 * edits). The whole book is priced again when the draft is new, when the session's book, detail
 * method or its parameter set changed, or for a method without incremental re-marking (today:
 * every method but the Deribit-style PM pair, which runs fresh).
 *
 * The working session (and so the grid) still takes the draft through `market:preview`, which the
 * editor sends once the edits pause.
 */
import type { DraftMarginDto } from '../../../shared/domain/dto/market-editor.dto';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import { marketDelta, parseMarketSnapshot, type MarketSnapshot } from '../../engine/market-data';
import { surfaceArbitrage } from '../../engine/market-checks';
import { parseMarginInput } from '../../engine/margin/margin-input';
import { runMargin } from '../../engine/margin/registry';
import { DERIBIT_PM_MODES } from '../../engine/margin/methods/deribit-pm';
import type { DeribitPm } from '../../engine/margin/methods/deribit-pm/deribit-pm';
import { resolveDeribitPmParams } from '../../engine/margin/methods/deribit-pm/deribit-params';
import { buildPm } from '../../engine/margin/methods/deribit-pm/run-deribit-pm';
import { deribitPmResultDto } from '../../engine/margin/methods/deribit-pm/deribit-pm-result';
import { remarkPm } from '../../engine/margin/methods/deribit-pm/deribit-pm-remark';
import { MarketDataError } from '../../engine/market-data/market-data-error';
import { summarizeMarginResult } from '../margin-summary';
import { NotFoundError } from '../service-errors';
import { warningDtos } from './warning-dtos';

/** What a draft margin needs of the open session: its book (compared by identity) and detail method. */
export interface DraftSession {
  book: PortfolioDto;
  methodId: string;
  params: unknown;
  /** Identity of `params` (parameter-set id@revision, or `default`). */
  paramsKey: string;
}

/** Drafts kept (least recently used dropped first). */
const CAPACITY = 4;

interface Draft {
  sessionId: string;
  book: PortfolioDto;
  methodId: string;
  paramsKey: string;
  snapshot: MarketSnapshot;
  pm: DeribitPm | undefined;
  step: number;
}

export interface DraftMarginRequest { sessionId: string; draftId: string; snapshotText: string }

/** The draft table; `sessionOf` finds the open session (undefined: not open). */
export class DraftMargins {
  private readonly drafts = new Map<string, Draft>();

  constructor(private readonly sessionOf: (sessionId: string) => DraftSession | undefined) {}

  /** Drafts held (tests). */
  get size(): number { return this.drafts.size; }

  preview({ sessionId, draftId, snapshotText }: DraftMarginRequest): DraftMarginDto {
    const session = this.sessionOf(sessionId);
    if (!session) throw new NotFoundError(`working session of portfolio ${sessionId} (open the portfolio first)`);
    let json: unknown;
    try { json = JSON.parse(snapshotText); } catch (e) {
      throw new MarketDataError('', `snapshot is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const snapshot = parseMarketSnapshot(json);
    const warnings = surfaceArbitrage(snapshot);
    const { book, methodId, params, paramsKey } = session;
    const mode = DERIBIT_PM_MODES[methodId];
    const prev = this.drafts.get(draftId);
    this.drafts.delete(draftId);
    const step = (prev?.step ?? 0) + 1;
    const instruments = new Set(book.positions.map((p) => p.instrument)).size;
    if (mode === undefined) {
      const result = summarizeMarginResult(runMargin({ methodId, portfolio: book, snapshot, params, account: false, marginal: false }));
      this.keep(draftId, { sessionId, book, methodId, paramsKey, snapshot, pm: undefined, step });
      return { draftId, step, methodId, result, repriced: instruments, instruments, full: true, warnings: warningDtos(warnings) };
    }
    const reuse = prev?.pm && prev.sessionId === sessionId && prev.book === book && prev.methodId === methodId && prev.paramsKey === paramsKey;
    let pm: DeribitPm;
    let repriced: number;
    if (reuse) {
      const delta = marketDelta(prev.snapshot, snapshot);
      ({ pm, repriced } = delta.empty ? { pm: prev.pm!, repriced: 0 } : remarkPm(prev.pm!, snapshot, (inst) => delta.affects(inst)));
    } else {
      pm = buildPm(snapshot, resolveDeribitPmParams(params), parseMarginInput(book), mode);
      repriced = pm.arrays.size;
    }
    const result = summarizeMarginResult(deribitPmResultDto(pm, pm.compute({ marginal: false }), false));
    this.keep(draftId, { sessionId, book, methodId, paramsKey, snapshot, pm, step });
    return { draftId, step, methodId, result, repriced, instruments: pm.arrays.size, full: !reuse, warnings: warningDtos(warnings) };
  }

  /** Forget a draft (the editor saved or discarded it). */
  drop(draftId: string): void { this.drafts.delete(draftId); }

  private keep(id: string, d: Draft): void {
    this.drafts.set(id, d);
    while (this.drafts.size > CAPACITY) this.drafts.delete(this.drafts.keys().next().value!);
  }
}
