/**
 * The application service: one method per IPC channel, shared by Electron main (over IPC) and
 * the web host (over HTTP). Requests arrive already schema-validated (see `dispatch.ts`).
 */
import { summarizeMarginResult } from './margin-summary';
import type { AppService } from './dispatch';
import type { MarginEngine, ServiceStore } from './ports';
import type { StorageService } from './storage-service';
import type { PreviewMarket, SessionHandlers } from './workspace/workspace-service';
import { createMarketEditorService } from './market-editor-service';
import type { DraftSession } from './market-preview/draft-margins';
import { createScenarioSetService } from './scenario-set-service';
import { ConflictError, isInputError, NotFoundError, UnknownMethodError } from './service-errors';
import { assertInstrumentsParse } from './portfolio-checks';
import { createAnalysisService } from './analysis/analysis-service';
import type { SessionBookOf } from './analysis/held-books';
import { createReportService } from './report/report-service';
import { createWindowStateService } from './window-state-service';
import { createJobService, type JobHandlers } from './jobs/job-service';
import type { WindowStateRepository } from '../db/window-state-repository';
import type { MethodOutcomeDto } from '../../shared/domain/dto/margin-run.dto';

/** Everything the service is composed from. */
export interface AppServiceDeps {
  store: ServiceStore;
  engine: MarginEngine;
  /** History, diff, restore, import, export and saved runs (storage-service.ts). */
  storage: StorageService;
  /** The live working sessions (workspace/workspace-service.ts). */
  workspace: SessionHandlers & { previewMarket: PreviewMarket };
  host: 'electron' | 'web';
  databasePath: string;
  version: string;
  /** The desktop window's remembered state (migration 6); absent in hosts that keep none. */
  windowState?: WindowStateRepository;
  /** Long jobs with progress and cancel (jobs/job-service.ts); default: over the store, without open sessions. */
  jobs?: JobHandlers;
}

/** Build the service over a store and an engine. No I/O happens until a method is called. */
export function createAppService(deps: AppServiceDeps): AppService {
  const { store, engine } = deps;
  const snapshotOf = (marketId: string): unknown => {
    const market = store.marketSnapshots.get(marketId);
    if (!market) throw new NotFoundError(`market snapshot ${marketId}`);
    return market.json;
  };
  /** Parameters per method id from the stored parameter sets the request names. */
  const paramsOf = (sets: Record<string, string> | undefined): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [methodId, id] of Object.entries(sets ?? {})) {
      const doc = store.parameterSets.get(id);
      if (!doc) throw new NotFoundError(`parameter set ${id}`);
      out[methodId] = doc.json;
    }
    return out;
  };
  const checkMethods = (ids: string[]) => {
    const known = new Set(engine.methods().map((m) => m.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UnknownMethodError(unknown);
  };
  return {
    ...deps.storage,
    ...sessionHandlers(deps.workspace),
    ...createAnalysisService(store, analysisSessionOf(deps.workspace, engine)),
    ...createReportService(store, deps.version),
    ...createWindowStateService(deps.windowState),
    ...(deps.jobs ?? createJobService({ store, methods: engine.methods })),
    ...createMarketEditorService(deps.workspace.previewMarket, draftSessionOf(deps.workspace)),
    ...createScenarioSetService(scenarioSessionOf(deps.workspace)),
    'app:info': () => ({ version: deps.version, host: deps.host, databasePath: deps.databasePath, methods: engine.methods() }),
    'portfolio:list': () => store.portfolios.list(),
    'portfolio:get': ({ id, revision }) => {
      const p = store.portfolios.get(id, revision);
      if (!p) throw new NotFoundError(`portfolio ${id}${revision ? ` revision ${revision}` : ''}`);
      return p;
    },
    'portfolio:save': ({ portfolio, note, baseRevision }) => {
      assertInstrumentsParse('portfolio:save', portfolio);
      if (baseRevision !== undefined) {
        const head = store.portfolios.headRevision(portfolio.id);
        if (head !== baseRevision) {
          throw new ConflictError(`portfolio ${portfolio.id} was saved elsewhere (now revision ${head ?? 'none'}, this edit was based on ${baseRevision}); reload it — your revision history keeps both`);
        }
      }
      return store.portfolios.save(portfolio, note);
    },
    'market:list': () => store.marketSnapshots.list().map((m) => ({ id: m.id, name: m.name, revision: m.revision, savedAt: m.savedAt })),
    'market:get': ({ id, revision }) => {
      const m = store.marketSnapshots.get(id, revision);
      if (!m) throw new NotFoundError(`market snapshot ${id}`);
      return { id: m.id, name: m.name, revision: m.revision, snapshot: m.json };
    },
    'margin:run': ({ portfolio, marketId, methods, accountFor, detailFor, parameterSets }) => {
      const market = store.marketSnapshots.get(marketId);
      if (!market) throw new NotFoundError(`market snapshot ${marketId}`);
      const params = paramsOf(parameterSets);
      // Exact identities of the stored inputs (id + revision), so the engine can reuse work across
      // runs on the same market and parameters (incremental sessions, margin-session.ts).
      const snapshotKey = `${market.id}@${market.revision}`;
      const paramsKeyOf = (methodId: string): string => {
        const id = parameterSets?.[methodId];
        if (id === undefined) return 'default';
        const doc = store.parameterSets.get(id);
        return doc ? `${doc.id}@${doc.revision}` : `json:${JSON.stringify(params[methodId] ?? null)}`;
      };
      const known = new Set(engine.methods().map((m) => m.id));
      const outcomes: MethodOutcomeDto[] = methods.map((methodId) => {
        if (!known.has(methodId)) return { methodId, ok: false, error: `unknown method "${methodId}"` };
        try {
          // The account view's root searches are the costly part: only for the method shown in detail.
          // With `detailFor`, the other methods skip the per-position marginal margins and return figures only.
          const explained = detailFor === undefined || methodId === detailFor;
          const account = explained && methodId === (accountFor ?? methods[0]);
          // Figures-only methods are asked as summaries: a session builds them without the explanation.
          const result = engine.run(methodId, portfolio, market.json, { account, marginal: explained, params: params[methodId], snapshotKey, paramsKey: paramsKeyOf(methodId), ...(explained ? {} : { summary: true }) });
          return { methodId, ok: true, result: explained ? result : summarizeMarginResult(result) };
        } catch (e) {
          // Bad input (book, market, parameters) is this method's answer; anything else is a defect.
          if (!isInputError(e)) throw e;
          return { methodId, ok: false, error: (e as Error).message };
        }
      });
      const asOf = (market.json as { asOf?: unknown }).asOf;
      // Figures-only outcomes keep the totals and add-ons the comparison reads.
      return { asOf: typeof asOf === 'string' ? asOf : '', outcomes, comparison: engine.compare(outcomes) };
    },
    'margin:what-if': ({ portfolio, marketId, methods, trades, parameterSets }) => {
      checkMethods(methods);
      return engine.whatIf(methods, portfolio, snapshotOf(marketId), trades, paramsOf(parameterSets));
    },
    'margin:hedge': ({ portfolio, marketId, method, candidates, parameterSets }) => {
      checkMethods([method]);
      return engine.hedge(method, portfolio, snapshotOf(marketId), candidates, paramsOf(parameterSets));
    },
  };
}

/** Only the channel handlers of the workspace service (not its session table). */
function sessionHandlers(w: SessionHandlers): SessionHandlers {
  const { sessions: _sessions, previewMarket: _preview, ...handlers } = w as SessionHandlers & { sessions?: unknown; previewMarket?: unknown };
  return handlers;
}

/**
 * The market editor's view of an open working session (`market:draft-margin`): its book and
 * detail method with that method's parameters, read from the workspace's session table.
 */
function draftSessionOf(workspace: AppServiceDeps['workspace']): (sessionId: string) => DraftSession | undefined {
  const sessions = sessionTable(workspace);
  return (sessionId) => {
    const s = sessions?.get(sessionId);
    if (!s) return undefined;
    const m = s.context.detailFor;
    return { book: s.book, methodId: m, params: s.context.params[m], paramsKey: s.context.paramsKeys[m] ?? 'default' };
  };
}

/**
 * The analysis channels' view of an open working session (`AnalysisBookRef.session`): its book,
 * version, and the parse of it the engine's incremental sessions hold (the session runs its
 * methods on this engine after every edit, so that is usually the current book's).
 */
function analysisSessionOf(workspace: AppServiceDeps['workspace'], engine: AppServiceDeps['engine']): SessionBookOf {
  const sessions = sessionTable(workspace);
  return (sessionId) => {
    const s = sessions?.get(sessionId);
    if (!s) return undefined;
    const book = s.book;
    return { book, version: s.version, parsed: () => engine.parsedBook?.(book) };
  };
}

/** The scenario sets view's view of an open working session: its book and the market it runs on. */
function scenarioSessionOf(workspace: AppServiceDeps['workspace']): (sessionId: string) => { book: DraftSession['book']; marketJson: unknown } | undefined {
  const sessions = sessionTable(workspace);
  return (sessionId) => {
    const s = sessions?.get(sessionId);
    return s ? { book: s.book, marketJson: s.context.marketJson } : undefined;
  };
}

/** The workspace's session table (`createWorkspaceService` returns it; absent in hosts built without one). */
function sessionTable(workspace: AppServiceDeps['workspace']) {
  return (workspace as { sessions?: Map<string, { book: DraftSession['book']; version: number; context: { detailFor: string; params: Record<string, unknown>; paramsKeys: Record<string, string>; marketJson: unknown } }> }).sessions;
}
