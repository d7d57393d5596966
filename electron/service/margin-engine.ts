/** Adapter from the engine's margin registry to the service's `MarginEngine` port. */
import { marginMethodList, runMargin } from '../engine/margin/registry';
import { WhatIf } from '../engine/margin/what-if';
import { compareMethods } from '../engine/margin/method-comparison';
import { isSessionMethod, MarginSessionCache } from './margin-session';
import { hasMethodSession, MethodSessionCache } from './method-session';
import type { MarginEngine } from './ports';
import { columnsOfResult, withoutContributions } from '../engine/margin/contribution-columns';
import { summarizeMarginResult } from '../engine/margin/result-summary';
import type { MarginRunOptions } from './ports';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';
import type { SessionRunRequest } from './margin-session';

/** A session request of `options` (account and marginal default to true; a summary has no account view). */
function requestOf(methodId: string, portfolio: PortfolioDto, snapshotJson: unknown, options?: MarginRunOptions): { req: SessionRunRequest; summary: boolean } {
  const summary = options?.summary === true;
  const account = !summary && (options?.account ?? true), marginal = options?.marginal ?? true;
  return { summary, req: { methodId, portfolio, snapshotJson, params: options?.params, account, marginal, snapshotKey: options?.snapshotKey, paramsKey: options?.paramsKey, ...(summary ? { summary } : {}) } };
}

/** Options of {@link createMarginEngine}. */
export interface MarginEngineOptions {
  /** Sessions kept for incremental runs of the session methods (margin-session.ts; LRU; default 4, 0 disables). */
  sessions?: number;
  /** Sessions kept for incremental runs of the other methods with a session (method-session.ts; LRU; default 2 × `sessions`, 0 disables). */
  methodSessions?: number;
}

/**
 * A margin engine over every method of `electron/engine/margin/registry.ts`. `run` of a
 * session method (`isSessionMethod`: today the Deribit-style PM pair) goes through a session cache (margin-session.ts): an edit
 * to a book already run re-prices and re-sums only what changed, with results identical to a
 * fresh run. Any other method with a session (`MarginMethod.session`) goes through
 * the generic cache (method-session.ts), with the same guarantee. Methods without one, what-if
 * and hedge search run fresh. Create one per service.
 */
export function createMarginEngine(opts: MarginEngineOptions = {}): MarginEngine & { sessions: MarginSessionCache | undefined; methodSessions: MethodSessionCache | undefined } {
  const capacity = opts.sessions ?? 4;
  const sessions = capacity > 0 ? new MarginSessionCache(capacity) : undefined;
  const methodCapacity = opts.methodSessions ?? 2 * capacity;
  const methodSessions = methodCapacity > 0 ? new MethodSessionCache(methodCapacity) : undefined;
  return {
    sessions,
    methodSessions,
    methods: marginMethodList,
    parsedBook: (portfolio) => methodSessions?.parsedBook(portfolio) ?? sessions?.parsedBook(portfolio),
    run: (methodId, portfolio, snapshotJson, options) => {
      const { req, summary } = requestOf(methodId, portfolio, snapshotJson, options);
      if (sessions && isSessionMethod(methodId)) return sessions.run(req);
      if (methodSessions && hasMethodSession(methodId)) return methodSessions.run(req);
      const result = runMargin({ methodId, portfolio, snapshot: snapshotJson, params: req.params, account: req.account, marginal: req.marginal });
      return summary ? summarizeMarginResult(result) : result;
    },
    runColumns: (methodId, portfolio, snapshotJson, options) => {
      const { req, summary } = requestOf(methodId, portfolio, snapshotJson, options);
      if (sessions && isSessionMethod(methodId)) return sessions.runColumns(req);
      if (methodSessions && hasMethodSession(methodId)) return methodSessions.runColumns(req);
      const result = runMargin({ methodId, portfolio, snapshot: snapshotJson, params: req.params, account: req.account, marginal: req.marginal });
      const shown = summary ? summarizeMarginResult(result) : withoutContributions(result);
      return { result: shown, columns: columnsOfResult(summary ? shown : result) };
    },
    whatIf: (methodIds, portfolio, snapshotJson, trades, params) => new WhatIf(portfolio, snapshotJson, params).trades(methodIds, trades),
    hedge: (methodId, portfolio, snapshotJson, candidates, params) => new WhatIf(portfolio, snapshotJson, params).hedgeSearch(methodId, candidates),
    // The rows `pmdesk margin --method all` prints (issue 10 §3), from the same function.
    compare: compareMethods,
  };
}

/** A stateless engine: every run fresh (no sessions). For tests, the CLI-like callers and the benchmark's baseline. */
export const marginEngine: MarginEngine = createMarginEngine({ sessions: 0, methodSessions: 0 });
