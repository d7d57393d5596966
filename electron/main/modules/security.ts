/**
 * App-wide navigation and permission guards (Electron security checklist items 4, 12–14):
 * no new windows, no navigation away from the app, no permission grants, https-only external links.
 */
import { app, session, shell, type WebContents } from 'electron';

/** Where our renderer lives: the built `index.html` (as a file URL) and, in development only, the dev server. */
export interface AppLocation {
  /** `pathToFileURL(out/renderer/index.html).href`. */
  indexFileUrl: string;
  /** electron-vite's dev server; never set in a packaged app. */
  devServerUrl?: string;
}

/**
 * Whether `url` is our own renderer page: exactly the built index.html (any other `file:` URL is
 * foreign), or a page of the dev server's origin when one is configured.
 */
export function isAppUrl(url: string, where: AppLocation): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:') {
      u.hash = '';
      u.search = '';
      return u.href === new URL(where.indexFileUrl).href;
    }
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
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Install the guards on every web contents created from now on, and deny every permission request. */
export function enableSecurity(where: AppLocation): void {
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, where));
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}
