/**
 * Electron accelerator strings (`CmdOrCtrl+Shift+Z`) read for the renderer: matched against a
 * `KeyboardEvent` (the keyboard fallback where there is no native menu, i.e. the web host) and
 * written for display in the help overlay. Syntax: https://www.electronjs.org/docs/latest/api/accelerator
 */

/** An accelerator taken apart. `primary` = Cmd on macOS, Ctrl elsewhere. */
export interface ParsedAccelerator {
  primary: boolean;
  shift: boolean;
  alt: boolean;
  /** The key, as `KeyboardEvent.key` spells it, lower-cased for letters (`z`, `=`, `F1`, `Escape`). */
  key: string;
}

/** Parse an Electron accelerator; throws on an empty key or an unknown modifier. */
export function parseAccelerator(accelerator: string): ParsedAccelerator {
  const parts = accelerator.split('+');
  // `CmdOrCtrl+=` and `CmdOrCtrl+-` are fine; a trailing `+` key would split into an empty part.
  const key = parts.pop() ?? '';
  if (key === '') throw new Error(`accelerator ${accelerator} has no key`);
  const out: ParsedAccelerator = { primary: false, shift: false, alt: false, key: key.length === 1 ? key.toLowerCase() : key };
  for (const m of parts) {
    if (m === 'CmdOrCtrl' || m === 'CommandOrControl') out.primary = true;
    else if (m === 'Shift') out.shift = true;
    else if (m === 'Alt' || m === 'Option') out.alt = true;
    else throw new Error(`accelerator ${accelerator}: unknown modifier ${m}`);
  }
  return out;
}

/** A canonical text per accelerator, to check the table has no two commands on one key. */
export function acceleratorKey(accelerator: string): string {
  const a = parseAccelerator(accelerator);
  return `${a.primary ? 'P+' : ''}${a.alt ? 'A+' : ''}${a.shift ? 'S+' : ''}${a.key.toLowerCase()}`;
}

/** The keyboard event's subset we read (a DOM `KeyboardEvent` satisfies it). */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether `e` presses `accelerator` (`isMac`: the primary modifier is Cmd, else Ctrl). */
export function matchesAccelerator(e: KeyLike, accelerator: string, isMac: boolean): boolean {
  const a = parseAccelerator(accelerator);
  const primary = isMac ? e.metaKey : e.ctrlKey;
  const other = isMac ? e.ctrlKey : e.metaKey;
  if (primary !== a.primary || other || e.shiftKey !== a.shift || e.altKey !== a.alt) return false;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  // Shift changes the character on some keys (Shift+= is `+`): compare the unshifted spelling too.
  return key === a.key || (a.key === '=' && key === '+') || (a.key === '-' && key === '_');
}

/** Display text: `⌘⇧Z` on macOS, `Ctrl+Shift+Z` elsewhere. */
export function formatAccelerator(accelerator: string, isMac: boolean): string {
  const a = parseAccelerator(accelerator);
  const key = a.key === 'Escape' ? 'Esc' : a.key.length === 1 ? a.key.toUpperCase() : a.key;
  if (isMac) return `${a.primary ? '⌘' : ''}${a.alt ? '⌥' : ''}${a.shift ? '⇧' : ''}${key}`;
  return [a.primary ? 'Ctrl' : '', a.alt ? 'Alt' : '', a.shift ? 'Shift' : '', key].filter(Boolean).join('+');
}
