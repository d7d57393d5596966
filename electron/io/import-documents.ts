/**
 * Importing JSON documents (market snapshots, scenario sets, parameter sets): validated first,
 * all-or-nothing, stored as the exact file text so an export reproduces it byte for byte.
 */
import { StoreValidationError, type DocumentSummary, type Store } from '../db';
import type { ImportReport } from './import-report';
import { parseParameterSetJson, parseScenarioSetJson, parseSnapshotJson } from './json-formats';

/** Kinds of JSON document the store keeps. */
export type DocumentFileKind = 'snapshot' | 'scenario-set' | 'parameter-set';

/** Result of a document import. */
export interface DocumentImportOutcome {
  status: 'written' | 'rejected' | 'dry-run';
  report: ImportReport<unknown>;
  written?: DocumentSummary;
}

/**
 * Validate only (no store needed). A snapshot may also be a saved Deribit book summary, converted
 * to the documented snapshot format (as of `asOfMs`, default its newest `creation_timestamp`).
 */
export function validateDocument(kind: DocumentFileKind, text: unknown, method?: string, asOfMs?: number): ImportReport<{ json: unknown; text: string; name?: string }> {
  if (kind === 'snapshot') return parseSnapshotJson(text, asOfMs === undefined ? {} : { asOfMs });
  if (kind === 'scenario-set') return parseScenarioSetJson(text);
  return parseParameterSetJson(text, method);
}

/**
 * Validate `text` as `kind` and save it as a new revision: of document `id` if given, else of
 * the document named `name` (or the scenario set's own name), creating it if needed. For
 * parameter sets, `method` makes that method's own parameter parser check the file as well. A
 * snapshot given as a saved Deribit book summary is stored converted (the documented format).
 */
export function importDocument(store: Store, kind: DocumentFileKind, text: unknown, target: { id?: string; name?: string; note?: string; dryRun?: boolean; method?: string; asOfMs?: number }): DocumentImportOutcome {
  const report = validateDocument(kind, text, target.method, target.asOfMs);
  if (report.fatal || report.issues.length > 0 || report.valid.length !== 1) return { status: 'rejected', report };
  const doc = report.valid[0];
  const name = target.name ?? doc.name;
  if (!target.id && !name) {
    report.issues.push({ row: 0, column: 'name', code: 'invalid-name', message: 'a name is required' });
    return { status: 'rejected', report };
  }
  if (target.dryRun) return { status: 'dry-run', report };
  const repo = kind === 'snapshot' ? store.marketSnapshots : kind === 'scenario-set' ? store.scenarioSets : store.parameterSets;
  try {
    const written = target.id
      ? repo.saveRevision(target.id, { text: doc.text }, { note: target.note, name: target.name })
      : repo.saveText(name as string, doc.text, target.note);
    return { status: 'written', report, written };
  } catch (e) {
    if (!(e instanceof StoreValidationError)) throw e; // NotFoundError (unknown id) propagates
    for (const i of e.issues) report.issues.push({ row: 0, column: i.path, code: 'invalid-name', message: i.message });
    return { status: 'rejected', report };
  }
}
