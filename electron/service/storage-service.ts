/**
 * Storage operations for the app service (issue 5): revision history, diff and restore for
 * portfolios and JSON documents, imports and exports, saved runs. One function per storage channel
 * of `shared/ipc/storage-contract.ts`, each taking one JSON-safe request object and returning a
 * JSON-safe DTO; the app service spreads them into its exhaustive handler map (app-service.ts).
 */
import { storageRequestSchemas, type StorageChannel, type StorageInvokeContract } from '../../shared/ipc/storage-contract';
import type { Store, PortfolioDiff, PortfolioRevisionInfo, DocumentDiff, RevisionInfo, DocumentSummary, SavedRun, SavedRunSummary } from '../db/index';
import {
  exportDocumentJson, exportPortfolioJson, exportPositionsCsv, importDocument, importPositions,
  type ColumnMapping, type DocumentFileKind, type ImportIssue, type ImportProgress, type PositionSource,
} from '../io/index';
import type { MarginEngine } from './ports';
import type { MarginResultDto } from '../../shared/domain/dto/margin-result.dto';
import { NotFoundError } from './service-errors';
import type {
  DocumentDiffDto, DocumentSummaryDto, ImportIssueDto, ImportResultDto, PortfolioDiffDto, PortfolioRevisionInfoDto,
  RevisionInfoDto, SavedRunDto, SavedRunSummaryDto, StoredDocumentKind,
} from '../../shared/domain/dto/storage.dto';

export type { ExportedFileDto, ImportResultDto, StoredDocumentKind } from '../../shared/domain/dto/storage.dto';

// Compile-time proof that the store's and importers' shapes are the shared DTOs (IPC-safe).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _shapes: [
  Same<PortfolioDiff, PortfolioDiffDto>, Same<DocumentDiff, DocumentDiffDto>, Same<RevisionInfo, RevisionInfoDto>,
  Same<PortfolioRevisionInfo, PortfolioRevisionInfoDto>, Same<DocumentSummary, DocumentSummaryDto>,
  Same<SavedRunSummary, SavedRunSummaryDto>, Same<SavedRun, SavedRunDto>, ImportIssue extends ImportIssueDto ? true : never,
] = [true, true, true, true, true, true, true, true];
void _shapes;

/** Request schemas of the storage channels (owned by `shared/ipc/storage-contract.ts`). */
export { storageRequestSchemas };

/** Request type of a storage channel. */
export type StorageReq<C extends StorageChannel> = StorageInvokeContract[C]['req'];

/** The storage service: one method per storage channel of the contract. */
export type StorageService = { [C in StorageChannel]: (req: StorageReq<C>) => StorageInvokeContract[C]['res'] };

function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'export';
}

/**
 * `portfolio:import` over `store` (also run by the import job's thread, `jobs/import-thread.ts`,
 * so both paths give the same answer). `onProgress` hears the rows checked and the write.
 */
export function portfolioImport(store: Store, req: StorageReq<'portfolio:import'>, onProgress?: (p: ImportProgress) => void): ImportResultDto {
  const source: PositionSource = req.format === 'json'
    ? { kind: 'json' }
    : req.format === 'generic'
      ? { kind: 'csv', format: 'generic', mapping: req.mapping as ColumnMapping | undefined, source: req.source }
      : { kind: 'csv', format: req.format, contractValues: req.contractValues };
  const out = importPositions(store, req.text, source, { portfolioId: req.portfolioId, name: req.name }, { mode: req.mode, acceptValid: req.acceptValid, dryRun: req.dryRun, note: req.note, onProgress });
  const r = out.report;
  const dto: ImportResultDto = { status: out.status, totalRows: r.totalRows, skippedRows: r.skippedRows, validRows: req.format === 'json' ? r.totalRows - r.issues.filter((i) => i.row > 0).length : r.valid.length, issues: r.issues };
  if (out.reason) dto.reason = out.reason;
  if (out.written) dto.portfolio = out.written;
  return dto;
}

const fileKindOf = (kind: StoredDocumentKind): DocumentFileKind => (kind === 'market' ? 'snapshot' : kind);

/** `document:import` over `store` (also run by the import job's thread). Unknown ids throw the store's NotFoundError. */
export function documentImport(store: Store, { kind, text, id, name, note, dryRun, method }: StorageReq<'document:import'>): ImportResultDto {
  const out = importDocument(store, fileKindOf(kind), text, { id, name, note, dryRun, method });
  const dto: ImportResultDto = { status: out.status, totalRows: out.report.totalRows, skippedRows: 0, validRows: out.report.valid.length, issues: out.report.issues };
  if (out.written) dto.document = out.written;
  return dto;
}

/**
 * Build the storage service over an open store. Unknown ids raise the service's `NotFoundError`
 * (→ `not-found` in the IPC envelope); bad input never throws: it comes back as `issues`.
 */
export function createStorageService(store: Store, engine?: MarginEngine): StorageService {
  const repo = (kind: StoredDocumentKind) => (kind === 'market' ? store.marketSnapshots : kind === 'scenario-set' ? store.scenarioSets : store.parameterSets);
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof Error && e.name === 'NotFoundError' && !(e instanceof NotFoundError)) {
        const nf = new NotFoundError('');
        nf.message = e.message; // the store's message already ends in "not found"
        throw nf;
      }
      throw e;
    }
  };
  return {
    'portfolio:history': ({ id }) => wrap(() => store.portfolios.history(id)),
    'portfolio:diff': ({ id, from, to }) => wrap(() => store.portfolios.diff(id, from, to)),
    'portfolio:restore': ({ id, revision, note }) => wrap(() => store.portfolios.restore(id, revision, note)),
    'portfolio:import': (req) => portfolioImport(store, req),
    'portfolio:export': ({ id, revision, format }) => wrap(() => {
      const p = store.portfolios.get(id, revision);
      if (!p) throw new NotFoundError(`portfolio ${id}${revision ? ` revision ${revision}` : ''}`);
      return format === 'csv'
        ? { fileName: `${safeFileName(p.name)}.csv`, mediaType: 'text/csv', text: exportPositionsCsv(p) }
        : { fileName: `${safeFileName(p.name)}.json`, mediaType: 'application/json', text: exportPortfolioJson(p) };
    }),
    'document:list': ({ kind }) => repo(kind).list(),
    'document:history': ({ kind, id }) => wrap(() => repo(kind).history(id)),
    'document:diff': ({ kind, id, from, to }) => wrap(() => repo(kind).diff(id, from, to)),
    'document:restore': ({ kind, id, revision, note }) => wrap(() => repo(kind).restore(id, revision, note)),
    'document:import': (req) => wrap(() => documentImport(store, req)),
    'document:export': ({ kind, id, revision }) => {
      const d = repo(kind).get(id, revision);
      if (!d) throw new NotFoundError(`${kind} ${id}${revision ? ` revision ${revision}` : ''}`);
      return { fileName: `${safeFileName(d.name)}.json`, mediaType: 'application/json', text: exportDocumentJson(d) };
    },
    'run:list': ({ portfolioId }) => store.runs.list(portfolioId),
    'run:get': ({ id }) => {
      const r = store.runs.get(id);
      if (!r) throw new NotFoundError(`saved run ${id}`);
      return r;
    },
    'run:save'(req) {
      if (!engine) throw new Error('saved runs need the margin engine');
      const portfolioRevision = req.portfolioRevision ?? store.portfolios.headRevision(req.portfolioId);
      const p = portfolioRevision === undefined ? undefined : store.portfolios.get(req.portfolioId, portfolioRevision);
      if (!p || portfolioRevision === undefined) throw new NotFoundError(`portfolio ${req.portfolioId}`);
      const m = store.marketSnapshots.get(req.marketId, req.marketRevision);
      if (!m) throw new NotFoundError(`market snapshot ${req.marketId}`);
      const ps = req.parameterSetId === undefined ? undefined : store.parameterSets.get(req.parameterSetId, req.parameterSetRevision);
      if (req.parameterSetId !== undefined && !ps) throw new NotFoundError(`parameter set ${req.parameterSetId}`);
      const result = engine.run(req.method, p, m.json, { params: ps?.json });
      return store.runs.save({
        name: req.name, note: req.note, method: req.method,
        portfolio: { id: p.id, revision: portfolioRevision }, snapshot: { id: m.id, revision: m.revision },
        ...(ps ? { parameterSet: { id: ps.id, revision: ps.revision } } : {}),
        result,
      });
    },
    'run:rerun'({ id }) {
      if (!engine) throw new Error('saved runs need the margin engine');
      const run = store.runs.get(id);
      if (!run) throw new NotFoundError(`saved run ${id}`);
      const p = store.portfolios.get(run.portfolio.id, run.portfolio.revision);
      const m = store.marketSnapshots.get(run.snapshot.id, run.snapshot.revision);
      const ps = run.parameterSet ? store.parameterSets.get(run.parameterSet.id, run.parameterSet.revision) : undefined;
      if (!p || !m || (run.parameterSet && !ps)) throw new NotFoundError(`inputs of saved run ${id}`);
      const result = JSON.parse(JSON.stringify(engine.run(run.method, p, m.json, { params: ps?.json }))) as MarginResultDto;
      const { id: _i, savedAt: _s, name, method, portfolio, snapshot } = run;
      return { run: { id, savedAt: run.savedAt, name, method, portfolio, snapshot }, same: JSON.stringify(result) === JSON.stringify(run.result), result };
    },
  };
}
