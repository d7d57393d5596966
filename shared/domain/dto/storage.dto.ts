/**
 * Storage DTOs (issue 5): revision history, diffs, imports, exports and saved runs, as plain
 * JSON-safe shapes for IPC and HTTP. `electron/db` and `electron/io` produce exactly these shapes
 * (checked at compile time in `electron/service/storage-service.ts`).
 */
import type { BalanceDto, PortfolioSummaryDto, PositionDto } from './portfolio.dto';

/** Which stored JSON documents a request addresses. */
export type StoredDocumentKind = 'market' | 'scenario-set' | 'parameter-set';

/** One entry of a revision history (newest first in lists). */
export interface RevisionInfoDto {
  revision: number;
  /** ISO-8601 UTC time of the save. */
  savedAt: string;
  name: string;
  note?: string;
  /** Set when the revision was created by restoring an older one. */
  restoredFrom?: number;
}

/** A portfolio revision in its history. */
export interface PortfolioRevisionInfoDto extends RevisionInfoDto {
  positionCount: number;
}

/** A row present in both revisions whose fields differ. */
export interface ChangedRowDto<T> {
  key: string;
  fields: string[];
  old: T;
  new: T;
}

/** Added / removed / changed rows of one kind (values compared as stored text). */
export interface RowDiffDto<T> {
  added: T[];
  removed: T[];
  changed: ChangedRowDto<T>[];
}

/** Difference between two portfolio revisions. */
export interface PortfolioDiffDto {
  id: string;
  from: number;
  to: number;
  name?: { old: string; new: string };
  positions: RowDiffDto<PositionDto>;
  balances: RowDiffDto<BalanceDto>;
}

/** One changed leaf of a JSON document (JSON Pointer path). */
export interface JsonChangeDto {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  old?: unknown;
  new?: unknown;
}

/** Difference between two revisions of a JSON document. */
export interface DocumentDiffDto {
  id: string;
  from: number;
  to: number;
  name?: { old: string; new: string };
  changes: JsonChangeDto[];
}

/** A stored JSON document in lists: its latest revision. */
export interface DocumentSummaryDto {
  id: string;
  name: string;
  revision: number;
  savedAt: string;
}

/** One import problem: record number (CSV header = row 1; 0 = whole file), column, reason code, message. */
export interface ImportIssueDto {
  row: number;
  column: string;
  code: string;
  message: string;
}

/** Result of an import: written, validated only (dry run) or rejected, with every problem. */
export interface ImportResultDto {
  status: 'written' | 'rejected' | 'dry-run';
  reason?: string;
  totalRows: number;
  skippedRows: number;
  validRows: number;
  issues: ImportIssueDto[];
  portfolio?: PortfolioSummaryDto;
  document?: DocumentSummaryDto;
}

/** An exported file: suggested name, media type and its text. */
export interface ExportedFileDto {
  fileName: string;
  mediaType: 'application/json' | 'text/csv';
  text: string;
}

/** An input a saved run pinned. */
export interface PinnedRevisionDto {
  id: string;
  revision: number;
}

/** A saved run in lists. */
export interface SavedRunSummaryDto {
  id: string;
  name: string;
  method: string;
  savedAt: string;
  portfolio: PinnedRevisionDto;
  snapshot: PinnedRevisionDto;
}

/** A saved run with its inputs and result. */
export interface SavedRunDto extends SavedRunSummaryDto {
  note?: string;
  parameterSet?: PinnedRevisionDto;
  scenarioSet?: PinnedRevisionDto;
  options: unknown;
  result: unknown;
}
