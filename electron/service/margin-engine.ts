/** Adapter from the engine's margin registry to the service's `MarginEngine` port. */
import { marginMethodList, runMargin } from '../engine/margin/registry';
import { WhatIf } from '../engine/margin/what-if';
import { compareMethods } from '../engine/margin/method-comparison';
import { isSessionMethod, MarginSessionCache } from './margin-session';
import { hasMethodSession, MethodSessionCache } from './method-session';
import type { MarginEngine } from './ports';
import { columnsOfResult, withoutContributions } from '../engine/margin/contribution-columns';

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
    run: (methodId, portfolio, snapshotJson, options) => {
      const account = options?.account ?? true, marginal = options?.marginal ?? true;
      if (sessions && isSessionMethod(methodId)) {
        return sessions.run({ methodId, portfolio, snapshotJson, params: options?.params, account, marginal, snapshotKey: options?.snapshotKey, paramsKey: options?.paramsKey });
      }
      if (methodSessions && hasMethodSession(methodId)) {
        return methodSessions.run({ methodId, portfolio, snapshotJson, params: options?.params, account, marginal, snapshotKey: options?.snapshotKey, paramsKey: options?.paramsKey });
      }
      return runMargin({ methodId, portfolio, snapshot: snapshotJson, params: options?.params, account, marginal });
    },
    runColumns: (methodId, portfolio, snapshotJson, options) => {
      const account = options?.account ?? true, marginal = options?.marginal ?? true;
      if (sessions && isSessionMethod(methodId)) {
        return sessions.runColumns({ methodId, portfolio, snapshotJson, params: options?.params, account, marginal, snapshotKey: options?.snapshotKey, paramsKey: options?.paramsKey });
      }
      if (methodSessions && hasMethodSession(methodId)) {
        return methodSessions.runColumns({ methodId, portfolio, snapshotJson, params: options?.params, account, marginal, snapshotKey: options?.snapshotKey, paramsKey: options?.paramsKey });
      }
      const result = runMargin({ methodId, portfolio, snapshot: snapshotJson, params: options?.params, account, marginal });
      return { result: withoutContributions(result), columns: columnsOfResult(result) };
    },
    whatIf: (methodIds, portfolio, snapshotJson, trades, params) => new WhatIf(portfolio, snapshotJson, params).trades(methodIds, trades),
    hedge: (methodId, portfolio, snapshotJson, candidates, params) => new WhatIf(portfolio, snapshotJson, params).hedgeSearch(methodId, candidates),
    // The rows `pmdesk margin --method all` prints (issue 10 §3), from the same function.
    compare: compareMethods,
  };
}

/** A stateless engine: every run fresh (no sessions). For tests, the CLI-like callers and the benchmark's baseline. */
export const marginEngine: MarginEngine = createMarginEngine({ sessions: 0, methodSessions: 0 });
