/**
 * `AppApi`: what the renderer sees as `window.api`, one method per contract channel, built by
 * `buildApi` from a transport (`ipcRenderer.invoke` in the preload, `fetch` in the web host).
 */
import type { InvokeChannel, Req, Res } from './contract';
import { buildAnalysisApi, type AnalysisApi } from './analysis-contract';
import { buildJobApi, type JobApi } from './job-contract';
import { buildMarketEditorApi, type MarketEditorApi } from './market-editor-contract';
import { buildScenarioSetApi, type ScenarioSetApi } from './scenario-set-contract';
import { buildReportApi, type ReportApi } from './report-contract';
import { buildSessionApi, type SessionApi } from './session-contract';
import { HEADLESS_SHELL, type ShellApi } from './shell-contract';
import { buildStorageApi, type StorageApi } from './storage-contract';
import { buildWindowStateApi, type WindowStateApi } from './window-state-contract';

/** A transport: send one request on one channel, resolve with the unwrapped response. */
export type Invoke = <C extends InvokeChannel>(channel: C, req: Req<C>) => Promise<Res<C>>;

type Fn<C extends InvokeChannel> = Req<C> extends undefined ? () => Promise<Res<C>> : (req: Req<C>) => Promise<Res<C>>;

/** The renderer's API, grouped by domain; method names mirror the channel verbs. */
export interface AppApi {
  app: { info: Fn<'app:info'> };
  portfolio: { list: Fn<'portfolio:list'>; get: Fn<'portfolio:get'>; save: Fn<'portfolio:save'> };
  market: { list: Fn<'market:list'>; get: Fn<'market:get'> };
  margin: { run: Fn<'margin:run'>; whatIf: Fn<'margin:what-if'>; hedge: Fn<'margin:hedge'> };
  /** History, diff, restore, import, export, saved runs (storage-contract.ts). */
  storage: StorageApi;
  /** The live working session of the open book (session-contract.ts). */
  session: SessionApi;
  /** Scenario P&L, margin heatmap, payoff curves (analysis-contract.ts). */
  analysis: AnalysisApi;
  /** The margin report export (report-contract.ts). */
  report: ReportApi;
  /** Menu commands, native dialogs, title and the unsaved mark (shell-contract.ts). */
  shell: ShellApi;
  /** Remembered window bounds and last open portfolio/market (window-state-contract.ts). */
  windowState: WindowStateApi;
  /** Long work with progress and cancel: "Run every method" (job-contract.ts). */
  job: JobApi;
  /** Market snapshot editor: arbitrage checks, file reading, live preview in the session (market-editor-contract.ts). */
  marketEditor: MarketEditorApi;
  scenarioSets: ScenarioSetApi;
}

/** Build the API over a transport. Used by the preload and by the web host's browser client alike. */
export function buildApi(invoke: Invoke, shell: ShellApi = HEADLESS_SHELL): AppApi {
  return {
    app: { info: () => invoke('app:info', undefined) },
    portfolio: {
      list: () => invoke('portfolio:list', undefined),
      get: (req) => invoke('portfolio:get', req),
      save: (req) => invoke('portfolio:save', req),
    },
    market: {
      list: () => invoke('market:list', undefined),
      get: (req) => invoke('market:get', req),
    },
    margin: {
      run: (req) => invoke('margin:run', req),
      whatIf: (req) => invoke('margin:what-if', req),
      hedge: (req) => invoke('margin:hedge', req),
    },
    storage: buildStorageApi(invoke),
    session: buildSessionApi(invoke),
    analysis: buildAnalysisApi(invoke),
    report: buildReportApi(invoke),
    shell,
    windowState: buildWindowStateApi(invoke),
    job: buildJobApi(invoke),
    marketEditor: buildMarketEditorApi(invoke),
    scenarioSets: buildScenarioSetApi(invoke),
  } satisfies AppApi;
}
