/**
 * JSON documents with immutable revisions: market snapshots, scenario sets and method parameter
 * sets. The body is stored verbatim as TEXT (`saveText`) or as `JSON.stringify` of a value (`save`).
 */
import type Database from 'better-sqlite3';
import { NotFoundError, StoreValidationError } from './errors';
import { isoNow, newId } from './ids';
import { diffJson, type DocumentDiff } from './revision-diff';
import type { DocumentSummary, RevisionInfo, StoredDocument } from './revision-types';

/** Which kind of document a repository holds (selects its tables). */
export type DocumentKind = 'market-snapshot' | 'scenario-set' | 'parameter-set';

const TABLES: Record<DocumentKind, { head: string; rev: string; fk: string; label: string }> = {
  'market-snapshot': { head: 'market_snapshot', rev: 'market_snapshot_revision', fk: 'snapshot_id', label: 'market snapshot' },
  'scenario-set': { head: 'scenario_set', rev: 'scenario_set_revision', fk: 'scenario_set_id', label: 'scenario set' },
  'parameter-set': { head: 'parameter_set', rev: 'parameter_set_revision', fk: 'parameter_set_id', label: 'parameter set' },
};

/** Options of a document save. */
export interface DocumentSaveOptions {
  note?: string;
  /** Rename the document in this revision (`saveRevision` only). */
  name?: string;
}

/** Repository of one document kind (see `createDocumentRepository`). */
export interface DocumentRepository {
  readonly kind: DocumentKind;
  /** Every document at its latest revision, by name. */
  list(): DocumentSummary[];
  /** A document at `revision` (default latest), or `undefined`. */
  get(id: string, revision?: number): StoredDocument | undefined;
  /** The latest revision of the document currently named `name`, or `undefined`. */
  findByName(name: string): DocumentSummary | undefined;
  /**
   * Save `json` under `name`: a new revision of the document currently named `name`, or a new
   * document if none is. Stored as `JSON.stringify(json)`.
   */
  save(name: string, json: unknown, note?: string): DocumentSummary;
  /** Like `save` but stores `text` verbatim (must be valid JSON), so exports reproduce it byte for byte. */
  saveText(name: string, text: string, note?: string): DocumentSummary;
  /** Append a revision to document `id` (text or value), optionally renaming it. */
  saveRevision(id: string, body: { json: unknown } | { text: string }, opts?: DocumentSaveOptions): DocumentSummary;
  /** Revision history, newest first (`NotFoundError` for an unknown id). */
  history(id: string): RevisionInfo[];
  /** Leaf-by-leaf diff between two revisions. */
  diff(id: string, from: number, to: number): DocumentDiff;
  /** Save an old revision's body as a new revision. */
  restore(id: string, revision: number, note?: string): DocumentSummary;
}

interface Row { id: string; revision: number; name: string; saved_at: string; note: string | null; restored_from: number | null; body: string }

/** Build the repository for `kind` on an open, migrated connection. */
export function createDocumentRepository(db: Database.Database, kind: DocumentKind, now: () => Date): DocumentRepository {
  const t = TABLES[kind];
  const cols = `r.${t.fk} AS id, r.revision, r.name, r.saved_at, r.note, r.restored_from`;
  const q = {
    list: db.prepare(`SELECT ${cols} FROM ${t.head} d JOIN ${t.rev} r ON r.${t.fk} = d.id AND r.revision = d.head_revision ORDER BY r.name, d.id`),
    byName: db.prepare(`SELECT ${cols} FROM ${t.head} d JOIN ${t.rev} r ON r.${t.fk} = d.id AND r.revision = d.head_revision WHERE r.name = ? ORDER BY r.saved_at DESC LIMIT 1`),
    head: db.prepare(`SELECT head_revision FROM ${t.head} WHERE id = ?`).pluck(),
    get: db.prepare(`SELECT ${cols}, r.body FROM ${t.rev} r WHERE r.${t.fk} = ? AND r.revision = ?`),
    headName: db.prepare(`SELECT r.name FROM ${t.head} d JOIN ${t.rev} r ON r.${t.fk} = d.id AND r.revision = d.head_revision WHERE d.id = ?`).pluck(),
    history: db.prepare(`SELECT ${cols} FROM ${t.rev} r WHERE r.${t.fk} = ? ORDER BY r.revision DESC`),
    insertHead: db.prepare(`INSERT INTO ${t.head} (id, created_at, head_revision) VALUES (?, ?, ?)`),
    setHead: db.prepare(`UPDATE ${t.head} SET head_revision = ? WHERE id = ?`),
    insertRev: db.prepare(`INSERT INTO ${t.rev} (${t.fk}, revision, name, saved_at, note, restored_from, body) VALUES (?, ?, ?, ?, ?, ?, ?)`),
  };

  const summary = (r: Omit<Row, 'body'>): DocumentSummary => ({ id: r.id, name: r.name, revision: r.revision, savedAt: r.saved_at });

  function checkName(name: unknown): string {
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
      throw new StoreValidationError([{ path: 'name', code: 'invalid-name', message: 'name must be non-empty text of at most 200 characters' }]);
    }
    return name.trim();
  }
  function checkNote(note: unknown): string | null {
    if (note === undefined || note === null || note === '') return null;
    if (typeof note !== 'string' || note.length > 2000) throw new StoreValidationError([{ path: 'note', code: 'invalid-note', message: 'note must be text of at most 2000 characters' }]);
    return note;
  }
  function bodyText(body: { json: unknown } | { text: string }): string {
    if ('text' in body) {
      if (typeof body.text !== 'string') throw new StoreValidationError([{ path: 'body', code: 'wrong-type', message: 'expected JSON text' }]);
      try { JSON.parse(body.text); } catch (e) {
        throw new StoreValidationError([{ path: 'body', code: 'invalid-json', message: e instanceof Error ? e.message : 'invalid JSON' }]);
      }
      return body.text;
    }
    let text: string | undefined;
    try { text = JSON.stringify(body.json); } catch (e) {
      throw new StoreValidationError([{ path: 'body', code: 'not-serialisable', message: e instanceof Error ? e.message : 'not JSON-serialisable' }]);
    }
    if (text === undefined) throw new StoreValidationError([{ path: 'body', code: 'not-serialisable', message: 'value is not JSON-serialisable' }]);
    return text;
  }

  const write = db.transaction((id: string | undefined, name: string, text: string, note: string | null, restoredFrom: number | null): DocumentSummary => {
    const savedAt = isoNow(now);
    let docId = id;
    let revision = 1;
    if (docId === undefined) {
      const existing = q.byName.get(name) as Row | undefined;
      docId = existing?.id;
    }
    const head = docId === undefined ? undefined : (q.head.get(docId) as number | undefined);
    if (docId === undefined || head === undefined) {
      if (id !== undefined) throw new NotFoundError(`${t.label} ${id}`);
      docId = newId();
      q.insertHead.run(docId, savedAt, 1);
    } else {
      revision = head + 1;
      q.setHead.run(revision, docId);
    }
    q.insertRev.run(docId, revision, name, savedAt, note, restoredFrom, text);
    return { id: docId, name, revision, savedAt };
  });

  function get(id: string, revision?: number): StoredDocument | undefined {
    const rev = revision ?? (q.head.get(id) as number | undefined);
    if (rev === undefined) return undefined;
    const r = q.get.get(id, rev) as Row | undefined;
    if (!r) return undefined;
    const d: StoredDocument = { ...summary(r), json: JSON.parse(r.body), text: r.body };
    if (r.note !== null) d.note = r.note;
    if (r.restored_from !== null) d.restoredFrom = r.restored_from;
    return d;
  }
  function mustGet(id: string, revision: number): StoredDocument {
    const d = get(id, revision);
    if (!d) throw new NotFoundError(`${t.label} ${id} revision ${revision}`);
    return d;
  }

  return {
    kind,
    list: () => (q.list.all() as Row[]).map(summary),
    get,
    findByName(name) {
      const r = q.byName.get(name) as Row | undefined;
      return r ? summary(r) : undefined;
    },
    save: (name, json, note) => write.immediate(undefined, checkName(name), bodyText({ json }), checkNote(note), null),
    saveText: (name, text, note) => write.immediate(undefined, checkName(name), bodyText({ text }), checkNote(note), null),
    saveRevision(id, body, opts = {}) {
      const current = q.headName.get(id) as string | undefined;
      if (current === undefined) throw new NotFoundError(`${t.label} ${id}`);
      return write.immediate(id, checkName(opts.name ?? current), bodyText(body), checkNote(opts.note), null);
    },
    history(id) {
      const rows = q.history.all(id) as Row[];
      if (rows.length === 0) throw new NotFoundError(`${t.label} ${id}`);
      return rows.map((r) => {
        const h: RevisionInfo = { revision: r.revision, savedAt: r.saved_at, name: r.name };
        if (r.note !== null) h.note = r.note;
        if (r.restored_from !== null) h.restoredFrom = r.restored_from;
        return h;
      });
    },
    diff(id, from, to) {
      const a = mustGet(id, from);
      const b = mustGet(id, to);
      const d: DocumentDiff = { id, from, to, changes: diffJson(a.json, b.json) };
      if (a.name !== b.name) d.name = { old: a.name, new: b.name };
      return d;
    },
    restore(id, revision, note) {
      const old = mustGet(id, revision);
      return write.immediate(id, old.name, old.text, checkNote(note) ?? `restored from revision ${revision}`, revision);
    },
  };
}
