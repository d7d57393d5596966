/**
 * Parameter-set editor state (issue 13 §5): one method's numeric parameters over a base (the
 * method's defaults, or a stored `parameter-set` document's latest revision), each with its range,
 * default and the source of its value; typed values are written over the base and saved through
 * `document:import` with the method, so the method's own parser judges the set: a new document,
 * or a new revision of the base document. A refusal names the parameter and the reason.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { DocumentSummaryDto } from '../../../../shared/domain/dto/storage.dto';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import { editedSet, ParamDraftError, paramRows, type ParamRow } from './param-set-draft';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ParamSetState {
  methodId = $state('');
  /** The stored set edited ('' = a new set over the method's defaults). */
  baseId = $state('');
  baseJson = $state.raw<unknown>(undefined);
  /** Typed values by concrete path. */
  edits = $state<Record<string, string>>({});
  name = $state('');
  note = $state('');
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);
  #api: AppApi;
  #ws: WorkspaceState;

  constructor(api: AppApi, ws: WorkspaceState) {
    this.#api = api;
    this.#ws = ws;
  }

  /** Methods with numeric parameters (the ones the editor offers). */
  readonly methods = $derived.by(() => (this.#ws.info?.methods ?? []).filter((m) => m.parameters.params.length > 0));
  readonly method = $derived(this.methods.find((m) => m.id === this.methodId));
  get sets(): DocumentSummaryDto[] { return this.#ws.parameterSetList; }
  readonly base = $derived(this.sets.find((s) => s.id === this.baseId));
  readonly rows = $derived.by((): ParamRow[] => {
    const m = this.method;
    if (!m) return [];
    return paramRows(m.parameters.params, this.baseJson, this.base ? `parameter set ${this.base.name} rev ${this.base.revision}` : undefined, m.parameters.source);
  });

  ensureChosen(): void {
    if (this.methodId === '' && this.methods.length > 0) this.methodId = this.methods[0]!.id;
  }

  chooseMethod(id: string): void {
    this.methodId = id;
    this.edits = {};
    this.error = null;
  }

  /** Edit stored set `id` ('' = a new set over the defaults): its latest revision becomes the base. */
  async chooseBase(id: string): Promise<void> {
    this.error = null;
    this.notice = null;
    this.edits = {};
    if (id === '') { this.baseId = ''; this.baseJson = undefined; return; }
    this.busy = true;
    try {
      const file = await this.#api.storage.documentExport({ kind: 'parameter-set', id });
      this.baseJson = JSON.parse(file.text);
      this.baseId = id;
      this.name = this.sets.find((s) => s.id === id)?.name ?? '';
    } catch (e) {
      this.error = `cannot open the parameter set: ${message(e)}`;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Save the edited set: `asNew` (or no base) a new document named `name`, else a new revision of
   * the base. Returns the saved summary, or null with `error` set to the reason.
   */
  async save(asNew: boolean): Promise<DocumentSummaryDto | null> {
    const m = this.method;
    if (!m) return null;
    this.error = null;
    this.notice = null;
    let json: Record<string, unknown>;
    try {
      json = editedSet(this.baseJson, this.edits, m.parameters.params);
    } catch (e) {
      this.error = e instanceof ParamDraftError ? `not saved: ${e.message}` : message(e);
      return null;
    }
    const revise = !asNew && this.baseId !== '';
    const name = this.name.trim();
    if (!revise && name === '') { this.error = 'not saved: name the new parameter set'; return null; }
    this.busy = true;
    try {
      const r = await this.#api.storage.documentImport({
        kind: 'parameter-set', text: JSON.stringify(json, null, 2), method: m.id,
        ...(revise ? { id: this.baseId } : { name }), ...(this.note.trim() ? { note: this.note.trim() } : {}),
      });
      if (r.status !== 'written' || !r.document) {
        this.error = `not saved: ${r.issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ') || r.reason || r.status}`;
        return null;
      }
      await this.#ws.refreshLists();
      this.baseId = r.document.id;
      this.baseJson = json;
      this.name = r.document.name;
      this.edits = {};
      this.note = '';
      this.notice = `saved “${r.document.name}” revision ${r.document.revision} (${m.id}); choose it under PM parameters to run with it`;
      return r.document;
    } catch (e) {
      this.error = `not saved: ${message(e)}`;
      return null;
    } finally {
      this.busy = false;
    }
  }
}
