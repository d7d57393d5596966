/** The validation report every importer returns: each problem with its row, column and reason. */

/** Named reasons an input can be rejected for (stable codes; see docs/formats.md). */
export type ImportIssueCode =
  | 'file-too-large' | 'empty-file' | 'binary-content' | 'invalid-json' | 'wrong-type' | 'unknown-field'
  | 'missing-column' | 'duplicate-column' | 'csv-syntax' | 'wrong-field-count' | 'too-many-rows'
  | 'required' | 'invalid-decimal' | 'out-of-range' | 'invalid-number' | 'invalid-instrument'
  | 'unsupported-instrument' | 'invalid-side' | 'duplicate-instrument' | 'duplicate-id' | 'duplicate-currency'
  | 'invalid-currency' | 'too-long' | 'control-character' | 'invalid-date' | 'invalid-name' | 'no-valid-rows'
  | 'too-deep' | 'invalid-market' | 'invalid-scenario-set' | 'invalid-parameters';

/** One problem. `row` is the record number in the file (CSV header = row 1) or the 1-based list index in JSON; 0 = whole file. */
export interface ImportIssue {
  row: number;
  /** The file's column name (CSV) or JSON field path; empty for file-level problems. */
  column: string;
  code: ImportIssueCode;
  message: string;
}

/** Result of validating an input: the valid part and every issue. Nothing has been written. */
export interface ImportReport<T> {
  /** Valid records, in file order. */
  valid: T[];
  issues: ImportIssue[];
  /** Number of data records read (CSV data rows or JSON list entries). */
  totalRows: number;
  /** Rows deliberately ignored (e.g. closed positions of size 0 in venue exports). */
  skippedRows: number;
  /** True when a file-level problem makes the whole input unusable (no partial acceptance). */
  fatal: boolean;
}

/** Largest accepted import file: 32 MiB (a 200,000-row venue export is about 30 MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** Largest accepted number of data rows in one import. */
export const MAX_IMPORT_ROWS = 200_000;

/** A report that rejects the whole file for one reason. */
export function fatalReport<T>(code: ImportIssueCode, message: string, column = ''): ImportReport<T> {
  return { valid: [], issues: [{ row: 0, column, code, message }], totalRows: 0, skippedRows: 0, fatal: true };
}

/** Strip a UTF-8 byte-order mark and check size and emptiness; returns the text or a fatal report. */
export function precheckText<T>(text: unknown): string | ImportReport<T> {
  if (typeof text !== 'string') return fatalReport('wrong-type', 'expected text');
  // Measure bytes without allocating a buffer for huge inputs: length*3 bounds UTF-8 size.
  if (text.length > MAX_IMPORT_BYTES || (text.length * 3 > MAX_IMPORT_BYTES && Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES)) {
    return fatalReport('file-too-large', `file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
  }
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (t.trim() === '') return fatalReport('empty-file', 'file is empty');
  if (t.includes('\u0000')) return fatalReport('binary-content', 'file contains NUL bytes (not a text file)');
  return t;
}
