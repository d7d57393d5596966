/**
 * The figures-only form of a margin result (`margin:run` with `detailFor` naming another method):
 * the engine's `summarizeMarginResult` (engine/margin/result-summary.ts), where methods and
 * sessions asked for a summary build it without the explanation.
 */
export { summarizeMarginResult } from '../engine/margin/result-summary';
