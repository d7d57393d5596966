/**
 * SPAN-style margin (shared margin-methods.md §4): `span`. Parameters: `span-params.ts` (scan
 * points in the PC-SPAN pointDef shape, combined-commodity rates, inter-commodity spreads,
 * optional file risk arrays; defaults `default-params.json`); scenarios: `scenario-template.ts`;
 * aggregation: `span-kernel.ts`; book and explanation: `run-span.ts`; PC-SPAN XML reader:
 * `pc-span-xml.ts`.
 */
import type { MarginMethod } from '../../method-contract';
import { DERIBIT_SM_ID } from '../deribit-sm/id';
import { SPAN_ID } from './id';
import { runSpan } from './run-span';
import { spanSession } from './span-session';
import { SPAN_NUMERIC_PARAMS, resolveSpanParams } from './span-params';

/** `span`: one USD margin per book, the sum of its combined commodities' requirements. */
export const spanMethod: MarginMethod = {
  id: SPAN_ID, label: 'SPAN-style margin (16 scan points, USD)', version: '1', role: 'portfolio', savingAgainst: DERIBIT_SM_ID,
  numericParams: SPAN_NUMERIC_PARAMS,
  paramsSource: 'PC-SPAN-style scan points and rates, default-params.json (margin-methods.md §4)',
  parseParams: (json) => resolveSpanParams(json),
  usdDecimals: (json) => resolveSpanParams(json).usdDecimals,
  run: runSpan,
  session: spanSession,
};
