/**
 * The instrument cell editor: a text input offering the symbols the market snapshot knows (an
 * HTML datalist, which filters as the user types) while accepting any text — any valid venue
 * symbol is still accepted; the service refuses unknown ones with a reason shown at the cell.
 * Typed text is upper-cased as venue symbols are.
 */
import type { ICellEditorComp, ICellEditorParams } from 'ag-grid-community';

let listSeq = 0;

export class InstrumentEditor implements ICellEditorComp {
  #input = document.createElement('input');
  #list = document.createElement('datalist');
  #wrap = document.createElement('div');

  init(params: ICellEditorParams & { symbols?: readonly string[] }): void {
    const id = `pm-symbols-${++listSeq}`;
    this.#list.id = id;
    const frag = document.createDocumentFragment();
    for (const s of params.symbols ?? []) {
      const o = document.createElement('option');
      o.value = s;
      frag.append(o);
    }
    this.#list.append(frag);
    this.#input.className = 'ag-input-field-input ag-text-field-input pm-instrument-input';
    this.#input.setAttribute('list', id);
    this.#input.setAttribute('aria-label', 'Instrument');
    this.#input.autocomplete = 'off';
    this.#input.spellcheck = false;
    const typed = params.eventKey && params.eventKey.length === 1 ? params.eventKey : null;
    this.#input.value = typed ?? String(params.value ?? '');
    this.#wrap.className = 'ag-cell-edit-wrapper';
    this.#wrap.style.width = '100%';
    this.#input.style.width = '100%';
    this.#wrap.append(this.#input, this.#list);
  }

  getGui(): HTMLElement {
    return this.#wrap;
  }

  afterGuiAttached(): void {
    this.#input.focus();
    if (this.#input.value.length > 1) this.#input.select();
  }

  getValue(): string {
    return this.#input.value.trim().toUpperCase();
  }

  destroy(): void {
    this.#wrap.remove();
  }
}
