/**
 * Scenario sets view channels (issue 13 §4): run a custom multi-underlying scenario set ("BTC
 * −25 %, ETH −30 %, vols +50 %, 7 days later") on the open working session's book at the
 * session's market (an edited market draft included), with each position's P&L per scenario.
 * Sets are stored and revised as `scenario-set` documents (`document:import` / `document:list` /
 * `document:export`, docs/formats.md `pmdesk/scenario-set.schema.json`); this channel runs one
 * given as its JSON text, saved or not. Merged into `InvokeContract` (contract.ts), the request
 * schemas (schemas.ts) and `AppApi` (api.ts); served by `electron/service/scenario-set-service.ts`.
 */
import * as v from 'valibot';
import type { StressResultDto } from '../domain/dto/margin-result.dto';
import { Id } from './common-schemas';

/** Largest scenario-set text accepted. */
export const MAX_SCENARIO_SET_TEXT = 4 * 1024 * 1024;

export interface ScenarioSetInvokeContract {
  /** Every scenario's P&L (per settlement currency, in USD, per position) of the open session's book. */
  'scenario:run': { req: { sessionId: string; scenarioSetText: string }; res: StressResultDto };
}

export const SCENARIO_SET_CHANNELS = ['scenario:run'] as const satisfies readonly (keyof ScenarioSetInvokeContract)[];

export const scenarioSetRequestSchemas = {
  'scenario:run': v.strictObject({
    sessionId: Id,
    scenarioSetText: v.pipe(v.string('must be the scenario set JSON as text'), v.minLength(1, 'scenario set text is empty'), v.maxLength(MAX_SCENARIO_SET_TEXT, 'scenario set is too large')),
  }),
};

type Invoke = <C extends keyof ScenarioSetInvokeContract>(channel: C, req: ScenarioSetInvokeContract[C]['req']) => Promise<ScenarioSetInvokeContract[C]['res']>;

/** `api.scenarioSets.*`: one method per scenario-set channel. */
export interface ScenarioSetApi {
  run(req: ScenarioSetInvokeContract['scenario:run']['req']): Promise<StressResultDto>;
}

export function buildScenarioSetApi(invoke: Invoke): ScenarioSetApi {
  return { run: (req) => invoke('scenario:run', req) };
}
