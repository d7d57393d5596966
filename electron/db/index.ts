/**
 * The pmdesk SQLite store (`electron/db`). Import freely: nothing runs until `openDatabase`.
 * Every save is a new immutable revision; see docs/storage.md.
 */
export { openDatabase, type OpenDatabaseOptions, type Store } from './open-database';
export { DatabaseCorruptError, NotFoundError, SchemaTooNewError, StoreValidationError, type ValidationIssue } from './errors';
export type { PortfolioRepository, PortfolioRevisionInfo } from './portfolio-repository';
export type { DocumentKind, DocumentRepository, DocumentSaveOptions } from './document-repository';
export type { RunRepository, SavedRun, SavedRunInput, SavedRunSummary, PinnedRevision } from './run-repository';
export type { ImportMappingRepository } from './import-mapping-repository';
export type { WorkingEditInput, WorkingEditRepository, WorkingEditRow } from './working-edit-repository';
export type { DocumentSummary, RevisionInfo, StoredDocument } from './revision-types';
export type { ChangedRow, DocumentDiff, JsonChange, PortfolioDiff, RowDiff } from './revision-diff';
export { diffJson, diffPortfolios } from './revision-diff';
export { validatePortfolio } from './portfolio-validation';
export { LATEST_SCHEMA_VERSION, migrations, type Migration } from './migrations';
export type { MigrationReport } from './migrate';
