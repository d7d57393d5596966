/** Adapter from the engine's margin registry to the service's `MarginEngine` port. */
import { marginMethodList, runMargin } from '../engine/margin/registry';
import { WhatIf } from '../engine/margin/what-if';
import { isSessionMethod, MarginSessionCache } from './margin-session';
import type { MarginEngine } from './ports';
import { columnsOfResult, withoutContributions } from '../engine/margin/contribution-columns';

/** Options of {@link createMarginEngine}. */
export interface MarginEngineOptions {
  /** Sessions kept for incremental runs of the session methods (margin-session.ts; LRU; default 4, 0 disables). */
  sessions?: number;
}

/**
 * A margin engine over every method of `electron/engine/margin/registry.ts`. `run` of a
 * session method (`isSessionMethod`: today the Deribit-style PM pair) goes through a session cache (margin-session.ts): an edit
 * to a book already run re-prices and re-sums only what changed, with results identical to a
 * fresh run. Other methods, what-if and hedge search run fresh. Create one per service.
 */
export function createMarginEngine(opts: MarginEngineOptions = {}): MarginEngine & { sessions: MarginSessionCache | undefined } {
  const capacity = opts.sessions ?? 4;
  const sessions = capacity > 0 ? new MarginSessionCache(capacity) : undefined;
  return {
    sessions,
    methods: marginMethodList,
    run: (methodId, portfolio, snapshotJson, options) => {
      const account = options?.account ?? true, marginal = options?.marginal ?? true;
      if (sessions && isSessionMethod(methodId)) {
        return sessions.run({ methodId, portfolio, snapshotJson, params: options?.params, account, marginal, snapshotKey: options?.snapshotKey, paramsKey: options?.paramsKey });
      }
      return runMargin({ methodId, portfolio, snapshot: snapshotJson, params: options?.params, account, marginal });
    },
    runColumns: (methodId, portfolio, snapshotJson, options) => {
      const account = options?.account ?? true, marginal = options?.marginal ?? true;
      if (sessions && isSessionMethod(methodId)) {
        return sessions.runColumns({ methodId, portfolio, snapshotJson, params: options?.params, account, marginal, snapshotKey: options?.snapshotKey, paramsKey: options?.paramsKey });
      }
      const result = runMargin({ methodId, portfolio, snapshot: snapshotJson, params: options?.params, account, marginal });
      return { result: withoutContributions(result), columns: columnsOfResult(result) };
    },
    whatIf: (methodIds, portfolio, snapshotJson, trades, params) => new WhatIf(portfolio, snapshotJson, params).trades(methodIds, trades),
    hedge: (methodId, portfolio, snapshotJson, candidates, params) => new WhatIf(portfolio, snapshotJson, params).hedgeSearch(methodId, candidates),
  };
}

/** A stateless engine: every run fresh (no sessions). For tests, the CLI-like callers and the benchmark's baseline. */
export const marginEngine: MarginEngine = createMarginEngine({ sessions: 0 });
