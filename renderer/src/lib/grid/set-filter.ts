/**
 * A set filter on AG Grid community's filter component interface (AG Grid's Set Filter is
 * enterprise): the column's distinct values as checkboxes with a search box and "(Select all)".
 * Model: `{ values: string[] }` (the values kept) or null (everything shown). Rows for which
 * `filterParams.passAlways(data)` is true (subtotal rows) always pass. Blank values are listed as
 * "(blank)".
 */
import type { IDoesFilterPassParams, IFilterComp, IFilterParams } from 'ag-grid-community';

export const BLANK = '(blank)';

/** Model of the set filter. */
export interface SetFilterModel {
  values: string[];
}

/** Extra filterParams of the set filter. */
export interface SetFilterParams {
  passAlways?: (data: unknown) => boolean;
  /** Order of the listed values (default: text order, blank last). */
  compare?: (a: string, b: string) => number;
}

const text = (v: unknown): string => (v === undefined || v === null || v === '' ? BLANK : String(v));

export class SetFilter implements IFilterComp {
  #params!: IFilterParams & SetFilterParams;
  #gui = document.createElement('div');
  #list = document.createElement('div');
  #search = document.createElement('input');
  /** Values kept, or null when every value is. */
  #kept: Set<string> | null = null;
  #values: string[] = [];

  init(params: IFilterParams & SetFilterParams): void {
    this.#params = params;
    this.#gui.className = 'pm-set-filter';
    this.#gui.setAttribute('data-testid', `set-filter-${params.column.getColId()}`);
    this.#search.type = 'search';
    this.#search.placeholder = 'Search…';
    this.#search.addEventListener('input', () => this.#render());
    this.#gui.append(this.#search, this.#list);
  }

  getGui(): HTMLElement {
    return this.#gui;
  }

  afterGuiAttached(): void {
    this.#values = this.#distinct();
    this.#render();
    this.#search.focus();
  }

  #distinct(): string[] {
    const seen = new Set<string>();
    const passAlways = this.#params.passAlways;
    this.#params.api.forEachNode((n) => {
      if (passAlways?.(n.data)) return;
      seen.add(text(this.#params.getValue(n)));
    });
    const cmp = this.#params.compare ?? ((a: string, b: string) => (a === BLANK ? 1 : b === BLANK ? -1 : a.localeCompare(b)));
    return [...seen].sort(cmp);
  }

  /** Boxes of the values listed now, and the "(Select all)" box (checked states follow the model in place). */
  #boxes = new Map<string, HTMLInputElement>();
  #allBox: HTMLInputElement | null = null;
  #shown: string[] = [];

  /** Build the list for the current search text (only on open and on search: a tick updates the boxes in place). */
  #render(): void {
    const q = this.#search.value.trim().toLowerCase();
    const shown = (this.#shown = this.#values.filter((v) => v.toLowerCase().includes(q)));
    this.#list.replaceChildren();
    this.#boxes.clear();
    const all = this.#row('(Select all)', (on) => {
      const kept = this.#kept ?? new Set(this.#values);
      for (const v of this.#shown) if (on) kept.add(v); else kept.delete(v);
      this.#set(kept);
    });
    this.#allBox = all.box;
    this.#list.append(all.label);
    for (const v of shown) {
      const r = this.#row(v, (on) => {
        const kept = this.#kept ?? new Set(this.#values);
        if (on) kept.add(v); else kept.delete(v);
        this.#set(kept);
      });
      this.#boxes.set(v, r.box);
      this.#list.append(r.label);
    }
    this.#sync();
  }

  /**
   * The boxes' checked states from the model. Done in place, not by rebuilding the list: a rebuilt
   * list dropped the box just ticked, and the keyboard focus with it (Esc then no longer closed the
   * popup, Tab started again from the page).
   */
  #sync(): void {
    for (const [v, box] of this.#boxes) box.checked = this.#isKept(v);
    if (this.#allBox) this.#allBox.checked = this.#shown.every((v) => this.#isKept(v));
  }

  #row(label: string, onChange: (on: boolean) => void): { label: HTMLElement; box: HTMLInputElement } {
    const l = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.addEventListener('change', () => onChange(box.checked));
    l.append(box, document.createTextNode(` ${label}`));
    return { label: l, box };
  }

  #isKept(v: string): boolean {
    return this.#kept === null || this.#kept.has(v);
  }

  #set(kept: Set<string>): void {
    this.#kept = this.#values.every((v) => kept.has(v)) ? null : kept;
    this.#sync();
    this.#params.filterChangedCallback();
  }

  isFilterActive(): boolean {
    return this.#kept !== null;
  }

  doesFilterPass(p: IDoesFilterPassParams): boolean {
    if (this.#kept === null || this.#params.passAlways?.(p.data)) return true;
    return this.#kept.has(text(this.#params.getValue(p.node)));
  }

  getModel(): SetFilterModel | null {
    return this.#kept === null ? null : { values: [...this.#kept].sort() };
  }

  setModel(model: SetFilterModel | null): void {
    this.#kept = model ? new Set(model.values) : null;
    this.#sync();
  }

  getModelAsString(model: SetFilterModel | null): string {
    return model ? `(${model.values.length}) ${model.values.join(', ')}` : '';
  }
}
