/** Adapter from the engine's margin registry to the service's `MarginEngine` port. */
import { marginMethodList, runMargin } from '../engine/margin/registry';
import { WhatIf } from '../engine/margin/what-if';
import type { MarginEngine } from './ports';

/** The margin engine the app uses: every method of `electron/engine/margin/registry.ts`. */
export const marginEngine: MarginEngine = {
  methods: marginMethodList,
  run: (methodId, portfolio, snapshotJson, options) =>
    runMargin({ methodId, portfolio, snapshot: snapshotJson, params: options?.params, account: options?.account ?? true, marginal: options?.marginal ?? true }),
  whatIf: (methodIds, portfolio, snapshotJson, trades, params) => new WhatIf(portfolio, snapshotJson, params).trades(methodIds, trades),
  hedge: (methodId, portfolio, snapshotJson, candidates, params) => new WhatIf(portfolio, snapshotJson, params).hedgeSearch(methodId, candidates),
};
