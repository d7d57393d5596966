/**
 * DevTools closed in packaged builds (issue 11 §5): a packaged pmdesk closes DevTools whenever
 * something opens them (a keyboard shortcut, a menu role, `openDevTools`); in development they stay.
 */
import type { WebContents } from 'electron';

/** Close DevTools on `contents` the moment they open, when `packaged`. */
export function lockDevTools(contents: WebContents, packaged: boolean): void {
  if (!packaged) return;
  contents.on('devtools-opened', () => contents.closeDevTools());
  if (contents.isDevToolsOpened()) contents.closeDevTools();
}
