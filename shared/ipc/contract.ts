/**
 * The typed IPC contract: the single source of truth for every renderer → main request.
 * Electron main (over IPC) and the web host (over HTTP) expose exactly these channels, with the
 * same request schemas (`schemas.ts`) and the same service object. Channel names are `domain:verb`.
 */
import type { MarketSnapshotRecordDto, MarketSnapshotSummaryDto } from '../domain/dto/market.dto';
import type { HedgeRequestDto, MarginRunRequestDto, MarginRunResponseDto, WhatIfRequestDto } from '../domain/dto/margin-run.dto';
import type { HedgeCandidateDto, WhatIfMethodDto } from '../domain/dto/margin-result.dto';
import type { PortfolioDto, PortfolioSummaryDto } from '../domain/dto/portfolio.dto';
import type { MethodParamsDto } from './method-params';
import { ANALYSIS_CHANNELS, type AnalysisInvokeContract } from './analysis-contract';
import { JOB_CHANNELS, type JobInvokeContract } from './job-contract';
import { MARKET_EDITOR_CHANNELS, type MarketEditorInvokeContract } from './market-editor-contract';
import { SCENARIO_SET_CHANNELS, type ScenarioSetInvokeContract } from './scenario-set-contract';
import { REPORT_CHANNELS, type ReportInvokeContract } from './report-contract';
import { SESSION_CHANNELS, type SessionInvokeContract } from './session-contract';
import { STORAGE_CHANNELS, type StorageInvokeContract } from './storage-contract';
import { WINDOW_STATE_CHANNELS, type WindowStateInvokeContract } from './window-state-contract';

/** What the running host is (shown in the status bar). */
export interface AppInfoDto {
  version: string;
  /** `electron` inside the desktop app, `web` when served by the local web host. */
  host: 'electron' | 'web';
  /** Absolute path of the SQLite file. */
  databasePath: string;
  /** Method ids the engine offers, in display order. */
  methods: { id: string; label: string; role: 'portfolio' | 'standard' | 'placeholder'; savingAgainst?: string; parameters: MethodParamsDto }[];
}

/**
 * Renderer → main request/response pairs. One request object per call, never positional args.
 * The storage channels (history, diff, restore, import, export, saved runs) are declared in
 * `storage-contract.ts` and merged here.
 */
export interface InvokeContract extends StorageInvokeContract, SessionInvokeContract, AnalysisInvokeContract, ReportInvokeContract, WindowStateInvokeContract, JobInvokeContract, MarketEditorInvokeContract, ScenarioSetInvokeContract {
  'app:info': { req: undefined; res: AppInfoDto };
  'portfolio:list': { req: undefined; res: PortfolioSummaryDto[] };
  'portfolio:get': { req: { id: string; revision?: number }; res: PortfolioDto };
  /** Save as a new revision. With `baseRevision`, refused (`conflict`) unless that is still the latest revision. */
  'portfolio:save': { req: { portfolio: PortfolioDto; note?: string; baseRevision?: number }; res: PortfolioSummaryDto };
  'market:list': { req: undefined; res: MarketSnapshotSummaryDto[] };
  'market:get': { req: { id: string; revision?: number }; res: MarketSnapshotRecordDto };
  'margin:run': { req: MarginRunRequestDto; res: MarginRunResponseDto };
  'margin:what-if': { req: WhatIfRequestDto; res: WhatIfMethodDto[] };
  'margin:hedge': { req: HedgeRequestDto; res: HedgeCandidateDto[] };
}

export type InvokeChannel = keyof InvokeContract;
export type Req<C extends InvokeChannel> = InvokeContract[C]['req'];
export type Res<C extends InvokeChannel> = InvokeContract[C]['res'];

/** Every channel, for exhaustive registration checks and the web host's route table. */
export const INVOKE_CHANNELS = [
  'app:info',
  'portfolio:list',
  'portfolio:get',
  'portfolio:save',
  'market:list',
  'market:get',
  'margin:run',
  'margin:what-if',
  'margin:hedge',
  ...STORAGE_CHANNELS,
  ...SESSION_CHANNELS,
  ...ANALYSIS_CHANNELS,
  ...REPORT_CHANNELS,
  ...WINDOW_STATE_CHANNELS,
  ...JOB_CHANNELS,
  ...MARKET_EDITOR_CHANNELS,
  ...SCENARIO_SET_CHANNELS,
] as const satisfies readonly InvokeChannel[];

// Compile-time check that INVOKE_CHANNELS lists every channel of the contract.
type _AllListed = Exclude<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never ? true : never;
export const _allChannelsListed: _AllListed = true;
