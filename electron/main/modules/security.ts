/**
 * App-wide navigation and permission guards (Electron security checklist items 4, 5, 12–15):
 * no new windows, no navigation away from the app, no <webview>, no permission grants, no network
 * beyond the dev server, DevTools closed in packaged builds, https-only external links. The whole
 * checklist and where each item is enforced: docs/architecture.md "Electron security checklist".
 */
import { app, session, shell, type WebContents } from 'electron';
import { lockDevTools } from './devtools';
import { lockDownSession } from './permissions';

/** Where our renderer lives: the built `index.html` on the app's own origin and, in development only, the dev server. */
export interface AppLocation {
  /** The page main loads: `app://pmdesk/index.html` (`modules/app-protocol.ts` `APP_INDEX_URL`). */
  indexUrl: string;
  /** electron-vite's dev server; never set in a packaged app. */
  devServerUrl?: string;
}

/**
 * Whether `url` is our own renderer page: exactly the built index.html (query and fragment aside;
 * any other path of its origin, and every `file:` URL, is foreign), or a page of the dev server's
 * origin when one is configured.
 */
export function isAppUrl(url: string, where: AppLocation): boolean {
  try {
    const u = new URL(url);
    u.hash = '';
    u.search = '';
    if (u.href === new URL(where.indexUrl).href) return true;
    if (where.devServerUrl) return u.origin === new URL(where.devServerUrl).origin;
    return false;
  } catch {
    return false;
  }
}

/** Open only well-formed https links, in the user's browser. */
export function openExternalSafely(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url);
  } catch {
    /* malformed URL: ignore */
  }
}

/** Guard one web contents: deny window.open, block foreign navigation, redirects and frame navigation. */
export function guardWebContents(contents: WebContents, where: AppLocation): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  const block = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, where)) event.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-frame-navigate', (event) => block(event, event.url));
  // No <webview> (webviewTag is off in webPreferences too): refuse any attach outright.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Install the guards on every web contents created from now on, lock DevTools when packaged, and
 * lock down the default session and every session created later (permissions, network).
 */
export function enableSecurity(where: AppLocation, packaged: boolean = app.isPackaged): void {
  app.on('web-contents-created', (_e, contents) => {
    guardWebContents(contents, where);
    lockDevTools(contents, packaged);
  });
  app.on('session-created', (s) => lockDownSession(s, where.devServerUrl));
  app.whenReady().then(() => lockDownSession(session.defaultSession, where.devServerUrl));
}
