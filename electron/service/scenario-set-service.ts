/**
 * The scenario sets view's channel (shared/ipc/scenario-set-contract.ts, issue 13 §4): a scenario
 * set given as JSON text run on the open working session's book at the session's market (what the
 * window shows, an edited market draft included) by the engine's stress runner (`runStress`: full
 * revaluation over risk arrays, each position's P&L per scenario, USD totals at the shocked index).
 */
import type { StressResultDto } from '../../shared/domain/dto/margin-result.dto';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';
import type { ScenarioSetInvokeContract } from '../../shared/ipc/scenario-set-contract';
import { runStress } from '../engine/margin/stress';
import { ScenarioSetError } from '../engine/scenarios/scenario-set-json';
import { NotFoundError } from './service-errors';

type Channel = keyof ScenarioSetInvokeContract;
export type ScenarioSetHandlers = { [C in Channel]: (req: ScenarioSetInvokeContract[C]['req']) => ScenarioSetInvokeContract[C]['res'] };

/** What a scenario run needs of the open session: its book and market (undefined: not open). */
export type ScenarioSession = (sessionId: string) => { book: PortfolioDto; marketJson: unknown } | undefined;

export function createScenarioSetService(sessionOf: ScenarioSession): ScenarioSetHandlers {
  return {
    'scenario:run': ({ sessionId, scenarioSetText }): StressResultDto => {
      const s = sessionOf(sessionId);
      if (!s) throw new NotFoundError(`working session of portfolio ${sessionId} (open the portfolio first)`);
      let json: unknown;
      try { json = JSON.parse(scenarioSetText); } catch (e) {
        throw new ScenarioSetError(`scenarioSet: not JSON (${e instanceof Error ? e.message : String(e)})`);
      }
      return runStress({ portfolio: s.book, snapshot: s.marketJson, scenarioSet: json });
    },
  };
}
