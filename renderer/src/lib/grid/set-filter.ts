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

  #render(): void {
    const q = this.#search.value.trim().toLowerCase();
    const shown = this.#values.filter((v) => v.toLowerCase().includes(q));
    this.#list.replaceChildren();
    const all = this.#row('(Select all)', shown.every((v) => this.#isKept(v)), (on) => {
      const kept = this.#kept ?? new Set(this.#values);
      for (const v of shown) if (on) kept.add(v); else kept.delete(v);
      this.#set(kept);
    });
    this.#list.append(all);
    for (const v of shown) this.#list.append(this.#row(v, this.#isKept(v), (on) => {
      const kept = this.#kept ?? new Set(this.#values);
      if (on) kept.add(v); else kept.delete(v);
      this.#set(kept);
    }));
  }

  #row(label: string, checked: boolean, onChange: (on: boolean) => void): HTMLElement {
    const l = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', () => onChange(box.checked));
    l.append(box, document.createTextNode(` ${label}`));
    return l;
  }

  #isKept(v: string): boolean {
    return this.#kept === null || this.#kept.has(v);
  }

  #set(kept: Set<string>): void {
    this.#kept = this.#values.every((v) => kept.has(v)) ? null : kept;
    this.#render();
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
    if (this.#values.length > 0) this.#render();
  }

  getModelAsString(model: SetFilterModel | null): string {
    return model ? `(${model.values.length}) ${model.values.join(', ')}` : '';
  }
}
