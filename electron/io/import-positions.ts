/**
 * Importing positions into the store: validate everything first, report every bad row, and write
 * nothing unless the input is clean or the caller explicitly accepts the valid part, in which case
 * the whole import is one new portfolio revision written in one transaction.
 */
import { StoreValidationError, type Store } from '../db';
import type { PortfolioDto, PortfolioSummaryDto, PositionDto } from '../../shared/domain/dto/portfolio.dto';
import { parsePositionsCsv, type ImportedPosition } from './csv-positions';
import { fatalReport, type ImportIssueCode, type ImportReport } from './import-report';
import { parsePortfolioJson } from './json-formats';
import { genericFormat, venueFormat, type ColumnMapping, type VenueFormatId } from './venue-formats';

/** Where positions come from. */
export type PositionSource =
  | { kind: 'csv'; format: VenueFormatId; contractValues?: Record<string, string> }
  /** Generic CSV: `mapping` given (saved under `source` when the import is written), or loaded by `source`. */
  | { kind: 'csv'; format: 'generic'; mapping?: ColumnMapping; source?: string }
  /** A portfolio JSON file (docs/formats.md): replaces name, balances and positions. */
  | { kind: 'json' };

/** Which portfolio receives the import: an existing id, or a new portfolio named `name`. */
export interface ImportTarget {
  portfolioId?: string;
  name?: string;
}

/** How to apply a validated import. */
export interface ImportOptions {
  /** `replace` (default): the imported rows become the positions; `append`: added to the existing ones. */
  mode?: 'replace' | 'append';
  /** Write the valid rows even though some rows were rejected. Default false: any issue → nothing written. */
  acceptValid?: boolean;
  /** Validate only; never write. */
  dryRun?: boolean;
  /** Revision note (default names the import). */
  note?: string;
  /** Progress of a long import: CSV records checked of the file's total, then the write. */
  onProgress?: (p: ImportProgress) => void;
}

/** Where an import stands (a job's progress, `electron/service/jobs/`). */
export interface ImportProgress {
  phase: 'validating' | 'writing';
  /** Rows done of `total` (the write is one step: `done` = `total` while it runs). */
  done: number;
  total: number;
}

/** Result of an import attempt. `written` is set only when a revision was saved. */
export interface ImportOutcome {
  status: 'written' | 'rejected' | 'dry-run';
  report: ImportReport<unknown>;
  /** Why nothing was written (when rejected). */
  reason?: string;
  written?: PortfolioSummaryDto;
}

/** Mapping-less generic CSV without a saved mapping for its source. */
function resolveMapping(store: Store, src: Extract<PositionSource, { format: 'generic' }>): ColumnMapping | undefined {
  if (src.mapping) return src.mapping;
  if (src.source) return store.importMappings.get(src.source) as ColumnMapping | undefined;
  return undefined;
}

function strip(p: ImportedPosition): Omit<PositionDto, 'id'> {
  const out: Omit<PositionDto, 'id'> = { instrument: p.instrument, size: p.size };
  if (p.averagePrice !== undefined) out.averagePrice = p.averagePrice;
  if (p.note !== undefined) out.note = p.note;
  return out;
}

/**
 * Validate `text` as `source` and, when allowed, write it to `target` as one new revision.
 * Never throws for bad input: problems come back in `report.issues` with status `rejected`.
 */
export function importPositions(store: Store, text: unknown, source: PositionSource, target: ImportTarget, opts: ImportOptions = {}): ImportOutcome {
  const mode = opts.mode ?? 'replace';
  let report: ImportReport<unknown>;
  let rows: (Omit<PositionDto, 'id'> & { id?: string })[] = [];
  let fileName: string | undefined;
  let fileBalances: PortfolioDto['balances'] | undefined;
  let mapping: ColumnMapping | undefined;

  if (source.kind === 'json') {
    const r = parsePortfolioJson(text);
    report = r;
    if (r.valid[0]) {
      rows = r.valid[0].positions;
      fileName = r.valid[0].name;
      fileBalances = r.valid[0].balances;
    }
    opts.onProgress?.({ phase: 'validating', done: r.totalRows, total: r.totalRows });
  } else {
    if (source.format === 'generic') {
      mapping = resolveMapping(store, source);
      if (!mapping) {
        report = fatalReport('required', `no column mapping given${source.source ? ` and none saved for source ${source.source}` : ''}`, 'mapping');
        return { status: 'rejected', report, reason: 'no column mapping' };
      }
    }
    const format = source.format === 'generic' ? genericFormat(mapping as ColumnMapping) : venueFormat(source.format, { contractValues: source.contractValues });
    const r = parsePositionsCsv(text, format, opts.onProgress && ((done, total) => opts.onProgress!({ phase: 'validating', done, total })));
    report = r;
    rows = r.valid.map(strip);
  }

  // The head's revision first, then its content: a revision saved between the two reads makes the
  // check inside the write transaction (below) read the head again, never skip a newer one.
  const existingRevision = target.portfolioId ? store.portfolios.headRevision(target.portfolioId) : undefined;
  const existing = target.portfolioId ? store.portfolios.get(target.portfolioId) : undefined;
  if (target.portfolioId && !existing) {
    report.issues.push({ row: 0, column: '', code: 'required', message: `portfolio ${target.portfolioId} does not exist` });
    return { status: 'rejected', report, reason: 'unknown target portfolio' };
  }
  if (!existing && !target.name && !fileName) {
    report.issues.push({ row: 0, column: '', code: 'invalid-name', message: 'a new portfolio needs a name' });
    return { status: 'rejected', report, reason: 'no target' };
  }
  if (report.fatal) {
    // Name what is wrong (the missing column, the row limit, …): "cannot be read" alone sent users hunting.
    const why = report.issues.slice(0, 3).map((i) => i.message);
    return { status: 'rejected', report, reason: `the file cannot be read as a whole${why.length ? `: ${why.join('; ')}` : ''}` };
  }
  if (report.issues.length > 0 && !opts.acceptValid) {
    return { status: 'rejected', report, reason: `${report.issues.length} problem(s); nothing written (accept the valid part explicitly to import ${rows.length} valid row(s))` };
  }
  // A CSV with no usable rows is refused (a header-only or all-bad file); a venue export whose
  // rows were all closed positions, or a JSON file with an empty list, is a legitimate empty book.
  if (rows.length === 0 && (source.kind === 'csv' ? report.skippedRows === 0 : report.totalRows > 0)) {
    report.issues.push({ row: 0, column: '', code: 'no-valid-rows', message: 'no valid rows to import' });
    return { status: 'rejected', report, reason: 'no valid rows' };
  }
  if (opts.dryRun) return { status: 'dry-run', report };

  /** The revision to write, built on `head` (the target's latest revision, read under the write lock). */
  const revisionOn = (head: PortfolioDto | undefined): PortfolioDto => {
    // Keep row ids stable across imports (replace mode) so revision diffs show real changes.
    const idByInstrument = new Map<string, string>();
    if (head && mode === 'replace') for (const p of head.positions) if (!idByInstrument.has(p.instrument)) idByInstrument.set(p.instrument, p.id);
    const imported: PositionDto[] = rows.map((p) => ({ ...p, id: p.id ?? idByInstrument.get(p.instrument) ?? '' }));
    return {
      id: head?.id ?? '',
      name: source.kind === 'json' ? (target.name ?? fileName ?? head?.name ?? '') : (head?.name ?? target.name ?? ''),
      balances: fileBalances ?? head?.balances ?? [],
      positions: mode === 'append' && head ? [...head.positions, ...imported] : imported,
    };
  };
  const note = opts.note ?? `import ${source.kind === 'json' ? 'portfolio JSON' : `${source.format} CSV`}: ${rows.length} row(s)${report.issues.length ? `, ${report.issues.length} rejected` : ''}`;
  const writing = rows.length + (mode === 'append' && existing ? existing.positions.length : 0);
  opts.onProgress?.({ phase: 'writing', done: writing, total: writing });
  try {
    // Validated here, before the write lock: under it, the validation of a 200,000-row book took
    // seconds at high load and a CLI import waiting on the lock gave up at its busy timeout. Only
    // when another writer moved the head meanwhile is the book rebuilt and validated under the lock.
    const planned = target.portfolioId && !existing ? undefined : store.portfolios.check(revisionOn(existing));
    const written = store.transaction(() => {
      // The head is checked again inside the (IMMEDIATE) write transaction: another writer — the CLI,
      // an import job's thread, the app — may have saved a revision since it was read above, and an
      // append built on that older head would silently drop that revision's rows (a lost write).
      // Read again only then: reading a 200,000-row head costs about a second under the write lock.
      const moved = target.portfolioId !== undefined && store.portfolios.headRevision(target.portfolioId) !== existingRevision;
      const head = moved ? store.portfolios.get(target.portfolioId!) : existing;
      if (target.portfolioId && !head) return undefined;
      if (source.kind === 'csv' && source.format === 'generic' && source.mapping && source.source) store.importMappings.save(source.source, source.mapping);
      return !moved && planned ? store.portfolios.saveChecked(planned, note) : store.portfolios.save(revisionOn(head), note);
    });
    if (!written) {
      report.issues.push({ row: 0, column: '', code: 'required', message: `portfolio ${target.portfolioId} was deleted during the import` });
      return { status: 'rejected', report, reason: 'unknown target portfolio' };
    }
    return { status: 'written', report, written };
  } catch (e) {
    // The store's own validation (e.g. a row id from the file clashing with an existing row on
    // append) rolls the whole transaction back; report it like any other problem.
    if (!(e instanceof StoreValidationError)) throw e;
    const known = new Set<string>(['required', 'wrong-type', 'too-long', 'control-character', 'invalid-decimal', 'out-of-range', 'duplicate-id', 'invalid-currency', 'duplicate-currency']);
    for (const i of e.issues) report.issues.push({ row: 0, column: i.path, code: (known.has(i.code) ? i.code : 'wrong-type') as ImportIssueCode, message: i.message });
    return { status: 'rejected', report, reason: 'the combined portfolio is invalid; nothing written' };
  }
}
