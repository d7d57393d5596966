/**
 * Storage channels of the IPC contract (issue 5): history, diff, restore, import, export and saved
 * runs for portfolios and stored JSON documents. Merged into `InvokeContract` (contract.ts), the
 * request schemas (schemas.ts) and `AppApi` (api.ts); served by `electron/service/storage-service.ts`.
 */
import * as v from 'valibot';
import type { PortfolioSummaryDto } from '../domain/dto/portfolio.dto';
import type { MarginResultDto } from '../domain/dto/margin-result.dto';
import type {
  DocumentDiffDto, DocumentSummaryDto, ExportedFileDto, ImportResultDto, PortfolioDiffDto, PortfolioRevisionInfoDto,
  RevisionInfoDto, SavedRunDto, SavedRunSummaryDto, StoredDocumentKind,
} from '../domain/dto/storage.dto';

/** Where each pmdesk field comes from in a generic positions CSV (column names in the file, case-insensitive). */
export interface ColumnMappingDto {
  instrument: string;
  size: string;
  averagePrice?: string;
  note?: string;
  /** Optional side column (`buy`/`long`/`b` → +, `sell`/`short`/`s` → −); sizes must then be unsigned. */
  side?: string;
  /** Optional decimal factor applied to every size (e.g. contract size). */
  sizeMultiplier?: string;
}

/** Import positions (CSV in a venue or generic format, or a portfolio JSON file) into a portfolio. */
export interface PortfolioImportRequestDto {
  /** The file's text. */
  text: string;
  format: 'deribit' | 'okx' | 'bybit' | 'generic' | 'json';
  mapping?: ColumnMappingDto;
  /** Source name a generic mapping is saved under (and loaded from when `mapping` is omitted). */
  source?: string;
  /** OKX contract values by `BASE-QUOTE` key, overriding the built-in table. */
  contractValues?: Record<string, string>;
  /** Existing portfolio to receive the import (new revision); else a new portfolio `name`. */
  portfolioId?: string;
  name?: string;
  mode?: 'replace' | 'append';
  /** Write the valid rows even though some rows were rejected (explicit user choice). */
  acceptValid?: boolean;
  dryRun?: boolean;
  note?: string;
}

/** Storage request/response pairs (`domain:verb`). */
export interface StorageInvokeContract {
  'portfolio:history': { req: { id: string }; res: PortfolioRevisionInfoDto[] };
  'portfolio:diff': { req: { id: string; from: number; to: number }; res: PortfolioDiffDto };
  'portfolio:restore': { req: { id: string; revision: number; note?: string }; res: PortfolioSummaryDto };
  'portfolio:import': { req: PortfolioImportRequestDto; res: ImportResultDto };
  'portfolio:export': { req: { id: string; revision?: number; format: 'json' | 'csv' }; res: ExportedFileDto };
  'document:list': { req: { kind: StoredDocumentKind }; res: DocumentSummaryDto[] };
  'document:history': { req: { kind: StoredDocumentKind; id: string }; res: RevisionInfoDto[] };
  'document:diff': { req: { kind: StoredDocumentKind; id: string; from: number; to: number }; res: DocumentDiffDto };
  'document:restore': { req: { kind: StoredDocumentKind; id: string; revision: number; note?: string }; res: DocumentSummaryDto };
  'document:import': { req: { kind: StoredDocumentKind; text: string; id?: string; name?: string; note?: string; dryRun?: boolean; method?: string }; res: ImportResultDto };
  'document:export': { req: { kind: StoredDocumentKind; id: string; revision?: number }; res: ExportedFileDto };
  'run:list': { req: { portfolioId?: string }; res: SavedRunSummaryDto[] };
  'run:get': { req: { id: string }; res: SavedRunDto };
  'run:save': {
    req: {
      name: string; method: string; portfolioId: string; portfolioRevision?: number; marketId: string; marketRevision?: number;
      /** Stored parameter set for the method (pinned at `parameterSetRevision`, default its latest). */
      parameterSetId?: string; parameterSetRevision?: number; note?: string;
    };
    res: SavedRunSummaryDto;
  };
  'run:rerun': { req: { id: string }; res: { run: SavedRunSummaryDto; same: boolean; result: MarginResultDto } };
}

/** A storage channel name. */
export type StorageChannel = keyof StorageInvokeContract;

/** Every storage channel (spread into `INVOKE_CHANNELS`). */
export const STORAGE_CHANNELS = [
  'portfolio:history', 'portfolio:diff', 'portfolio:restore', 'portfolio:import', 'portfolio:export',
  'document:list', 'document:history', 'document:diff', 'document:restore', 'document:import', 'document:export',
  'run:list', 'run:get', 'run:save', 'run:rerun',
] as const satisfies readonly StorageChannel[];

type _AllStorageListed = Exclude<StorageChannel, (typeof STORAGE_CHANNELS)[number]> extends never ? true : never;
export const _allStorageChannelsListed: _AllStorageListed = true;

const Id = v.pipe(v.string(), v.minLength(1, 'id must not be empty'), v.maxLength(100, 'id is too long'));
const Rev = v.pipe(v.number(), v.integer('revision must be an integer'), v.minValue(1, 'revision starts at 1'));
const Note = v.optional(v.pipe(v.string(), v.maxLength(2000, 'note is too long')));
const Name = v.pipe(v.string(), v.minLength(1, 'name must not be empty'), v.maxLength(200, 'name is too long'));
const DocKind = v.picklist(['market', 'scenario-set', 'parameter-set'], 'kind must be market, scenario-set or parameter-set');
const FileText = v.pipe(v.string(), v.maxLength(64 * 1024 * 1024, 'file is too large'));
const Column = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Mapping = v.strictObject({
  instrument: Column, size: Column, averagePrice: v.optional(Column), note: v.optional(Column), side: v.optional(Column),
  sizeMultiplier: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

/** Request schemas of the storage channels (spread into `requestSchemas`). */
export const storageRequestSchemas = {
  'portfolio:history': v.strictObject({ id: Id }),
  'portfolio:diff': v.strictObject({ id: Id, from: Rev, to: Rev }),
  'portfolio:restore': v.strictObject({ id: Id, revision: Rev, note: Note }),
  'portfolio:import': v.strictObject({
    text: FileText,
    format: v.picklist(['deribit', 'okx', 'bybit', 'generic', 'json'], 'format must be deribit, okx, bybit, generic or json'),
    mapping: v.optional(Mapping),
    source: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
    contractValues: v.optional(v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.string(), v.maxLength(64)))),
    portfolioId: v.optional(Id),
    name: v.optional(Name),
    mode: v.optional(v.picklist(['replace', 'append'])),
    acceptValid: v.optional(v.boolean()),
    dryRun: v.optional(v.boolean()),
    note: Note,
  }),
  'portfolio:export': v.strictObject({ id: Id, revision: v.optional(Rev), format: v.picklist(['json', 'csv']) }),
  'document:list': v.strictObject({ kind: DocKind }),
  'document:history': v.strictObject({ kind: DocKind, id: Id }),
  'document:diff': v.strictObject({ kind: DocKind, id: Id, from: Rev, to: Rev }),
  'document:restore': v.strictObject({ kind: DocKind, id: Id, revision: Rev, note: Note }),
  'document:import': v.strictObject({
    kind: DocKind, text: FileText, id: v.optional(Id), name: v.optional(Name), note: Note, dryRun: v.optional(v.boolean()),
    method: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'method id must be kebab-case'))),
  }),
  'document:export': v.strictObject({ kind: DocKind, id: Id, revision: v.optional(Rev) }),
  'run:list': v.strictObject({ portfolioId: v.optional(Id) }),
  'run:get': v.strictObject({ id: Id }),
  'run:save': v.strictObject({
    name: Name,
    method: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'method id must be kebab-case')),
    portfolioId: Id, portfolioRevision: v.optional(Rev), marketId: Id, marketRevision: v.optional(Rev),
    parameterSetId: v.optional(Id), parameterSetRevision: v.optional(Rev), note: Note,
  }),
  'run:rerun': v.strictObject({ id: Id }),
} satisfies { [C in StorageChannel]: v.GenericSchema<unknown, StorageInvokeContract[C]['req']> };

type Call<C extends StorageChannel> = (req: StorageInvokeContract[C]['req']) => Promise<StorageInvokeContract[C]['res']>;

/** The renderer's storage API (`window.api.storage`), one method per storage channel. */
export interface StorageApi {
  portfolioHistory: Call<'portfolio:history'>;
  portfolioDiff: Call<'portfolio:diff'>;
  portfolioRestore: Call<'portfolio:restore'>;
  portfolioImport: Call<'portfolio:import'>;
  portfolioExport: Call<'portfolio:export'>;
  documentList: Call<'document:list'>;
  documentHistory: Call<'document:history'>;
  documentDiff: Call<'document:diff'>;
  documentRestore: Call<'document:restore'>;
  documentImport: Call<'document:import'>;
  documentExport: Call<'document:export'>;
  runList: Call<'run:list'>;
  runGet: Call<'run:get'>;
  runSave: Call<'run:save'>;
  runRerun: Call<'run:rerun'>;
}

/** Build the storage API over a transport restricted to storage channels. */
export function buildStorageApi(invoke: <C extends StorageChannel>(channel: C, req: StorageInvokeContract[C]['req']) => Promise<StorageInvokeContract[C]['res']>): StorageApi {
  return {
    portfolioHistory: (r) => invoke('portfolio:history', r),
    portfolioDiff: (r) => invoke('portfolio:diff', r),
    portfolioRestore: (r) => invoke('portfolio:restore', r),
    portfolioImport: (r) => invoke('portfolio:import', r),
    portfolioExport: (r) => invoke('portfolio:export', r),
    documentList: (r) => invoke('document:list', r),
    documentHistory: (r) => invoke('document:history', r),
    documentDiff: (r) => invoke('document:diff', r),
    documentRestore: (r) => invoke('document:restore', r),
    documentImport: (r) => invoke('document:import', r),
    documentExport: (r) => invoke('document:export', r),
    runList: (r) => invoke('run:list', r),
    runGet: (r) => invoke('run:get', r),
    runSave: (r) => invoke('run:save', r),
    runRerun: (r) => invoke('run:rerun', r),
  };
}
