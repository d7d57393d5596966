/**
 * Scenario sets view state (issue 13 §4): the stored scenario sets (`scenario-set` documents,
 * each save a new revision), the one being edited as a {@link ScenarioSetDraft}, and the stress
 * result of the draft on the open book (`scenario:run`: every scenario's P&L per currency, in
 * USD and per position, at the session's market). New and Duplicate start unsaved drafts; Save
 * writes a new document or a new revision of the open one (`document:import`, with a note).
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { DocumentSummaryDto } from '../../../../shared/domain/dto/storage.dto';
import type { StressResultDto } from '../../../../shared/domain/dto/margin-result.dto';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import { draftOfSet, newScenario, newSetDraft, ScenarioDraftError, setOfDraft, underlyingsOf, type ScenarioRow, type ScenarioSetDraft } from './scenario-draft';

export class ScenarioSetsState {
  sets = $state.raw<DocumentSummaryDto[]>([]);
  /** The stored set the draft revises (null: a new, unsaved set). */
  openId = $state<string | null>(null);
  openRevision = $state(0);
  draft = $state.raw<ScenarioSetDraft | null>(null);
  dirty = $state(false);
  result = $state.raw<StressResultDto | null>(null);
  /** The scenario whose P&L per position is listed. */
  selected = $state<string | null>(null);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);

  #api: AppApi;
  #ws: WorkspaceState;

  constructor(api: AppApi, ws: WorkspaceState) {
    this.#api = api;
    this.#ws = ws;
  }

  /** The open book's underlyings (the draft's columns). */
  underlyings(): string[] {
    return underlyingsOf(this.#ws.portfolio?.positions.map((p) => p.instrument) ?? []);
  }

  async refresh(): Promise<void> {
    try {
      this.sets = await this.#api.storage.documentList({ kind: 'scenario-set' });
    } catch (e) {
      this.error = message(e);
    }
  }

  /** Open the latest revision of stored set `id` (a set this form cannot show is refused with the reason). */
  async open(id: string): Promise<void> {
    this.busy = true;
    try {
      const file = await this.#api.storage.documentExport({ kind: 'scenario-set', id });
      const draft = draftOfSet(JSON.parse(file.text), this.underlyings());
      const summary = this.sets.find((s) => s.id === id);
      this.openId = id;
      this.openRevision = summary?.revision ?? 0;
      this.#set(draft, false);
      this.error = null;
      this.notice = null;
    } catch (e) {
      this.error = `${this.sets.find((s) => s.id === id)?.name ?? id}: ${message(e)}`;
    } finally {
      this.busy = false;
    }
  }

  create(): void {
    this.openId = null;
    this.openRevision = 0;
    this.#set(newSetDraft(this.underlyings()), true);
    this.notice = null;
  }

  /** An unsaved copy of the draft under a new name. */
  duplicate(): void {
    if (!this.draft) return;
    this.openId = null;
    this.openRevision = 0;
    this.#set({ ...this.draft, name: `${this.draft.name} (copy)`, scenarios: this.draft.scenarios.map((s) => ({ ...s, moves: { ...s.moves } })) }, true);
    this.notice = null;
  }

  #set(d: ScenarioSetDraft, dirty: boolean): void {
    this.draft = d;
    this.dirty = dirty;
    this.result = null;
    this.selected = null;
  }

  #edit(f: (d: ScenarioSetDraft) => ScenarioSetDraft): void {
    if (!this.draft) return;
    this.draft = f(this.draft);
    this.dirty = true;
    this.error = null;
  }

  rename(name: string): void { this.#edit((d) => ({ ...d, name })); }
  setSmile(smile: ScenarioSetDraft['smile']): void { this.#edit((d) => ({ ...d, smile })); }
  addScenario(): void { this.#edit((d) => ({ ...d, scenarios: [...d.scenarios, newScenario(d)] })); }
  removeScenario(i: number): void { this.#edit((d) => ({ ...d, scenarios: d.scenarios.filter((_, k) => k !== i) })); }
  setRow(i: number, patch: Partial<ScenarioRow>): void {
    this.#edit((d) => ({ ...d, scenarios: d.scenarios.map((s, k) => (k === i ? { ...s, ...patch } : s)) }));
  }
  setMove(i: number, u: string, text: string): void {
    this.#edit((d) => ({ ...d, scenarios: d.scenarios.map((s, k) => (k === i ? { ...s, moves: { ...s.moves, [u]: text } } : s)) }));
  }

  /** The draft as document text (refused naming the item). */
  #text(): string {
    return JSON.stringify(setOfDraft(this.draft!), null, 2);
  }

  /** Run the draft on the open book. */
  async run(): Promise<void> {
    const sessionId = this.#ws.portfolio?.id; // sessions are keyed by portfolio id
    if (!this.draft || !sessionId) return;
    this.busy = true;
    try {
      this.result = await this.#api.scenarioSets.run({ sessionId, scenarioSetText: this.#text() });
      if (!this.result.scenarios.some((s) => s.id === this.selected)) this.selected = this.result.scenarios[0]?.id ?? null;
      this.error = null;
    } catch (e) {
      this.error = e instanceof ScenarioDraftError ? e.message : `not run: ${message(e)}`;
    } finally {
      this.busy = false;
    }
  }

  /** Save the draft: a new set, or a new revision of the open one. Returns the revision, or null. */
  async save(note?: string): Promise<number | null> {
    if (!this.draft) return null;
    this.busy = true;
    try {
      const r = await this.#api.storage.documentImport({ kind: 'scenario-set', text: this.#text(), name: this.draft.name.trim(), ...(this.openId ? { id: this.openId } : {}), ...(note ? { note } : {}) });
      if (r.status !== 'written' || !r.document) {
        this.error = `not saved: ${r.issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ') || r.status}`;
        return null;
      }
      this.openId = r.document.id;
      this.openRevision = r.document.revision;
      this.dirty = false;
      this.error = null;
      this.notice = `saved “${r.document.name}” revision ${r.document.revision}${note ? ` (“${note}”)` : ''}`;
      await this.refresh();
      return r.document.revision;
    } catch (e) {
      this.error = e instanceof ScenarioDraftError ? e.message : `not saved: ${message(e)}`;
      return null;
    } finally {
      this.busy = false;
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
