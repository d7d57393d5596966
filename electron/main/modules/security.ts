/**
 * App-wide navigation and permission guards (Electron security checklist items 4, 12–14):
 * no new windows, no navigation away from the app, no permission grants, https-only external links.
 */
import { app, session, shell, type WebContents } from 'electron';

/** Whether `url` is one of our own renderer pages (the built file or the dev server origin). */
export function isAppUrl(url: string, devServerUrl: string | undefined): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'file:') return true;
    if (devServerUrl) return u.origin === new URL(devServerUrl).origin;
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

/** Guard one web contents: deny window.open, block foreign navigation. */
export function guardWebContents(contents: WebContents, devServerUrl: string | undefined): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Install the guards on every web contents created from now on, and deny every permission request. */
export function enableSecurity(devServerUrl: string | undefined): void {
  app.on('web-contents-created', (_e, contents) => guardWebContents(contents, devServerUrl));
  app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
}
