/**
 * The workstation's theme as state: dark by default, light while `<html>` has the `light` class
 * (which View → Toggle dark theme, the shell's `view.toggle-theme` command, flips). Views that
 * paint on canvas (charts) read `current` so they follow the menu, the shortcut and their own
 * toggle alike; `toggle()` flips the same class, so there is one theme, not one per view.
 */
export type ThemeName = 'dark' | 'light';

export class AppTheme {
  current = $state<ThemeName>('dark');
  readonly #root: HTMLElement;
  readonly #observer: MutationObserver;

  constructor(root: HTMLElement = document.documentElement) {
    this.#root = root;
    this.#read();
    this.#observer = new MutationObserver(() => this.#read());
    this.#observer.observe(root, { attributes: true, attributeFilter: ['class'] });
  }

  /** Switch between dark and light for the whole window. */
  toggle(): void {
    this.#root.classList.toggle('light');
    this.#read();
  }

  destroy(): void {
    this.#observer.disconnect();
  }

  #read(): void {
    this.current = this.#root.classList.contains('light') ? 'light' : 'dark';
  }
}
