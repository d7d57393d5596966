/**
 * Session lockdown (Electron security checklist items 5, 13; issue 11 §5): pmdesk needs no
 * permission (camera, notifications, clipboard-read, HID, serial, USB, display capture …), so every
 * request and every check is denied, on the default session and on any session created later.
 * The renderer talks to main over IPC only; the network filter cancels every http(s)/ws(s) request
 * of the app's sessions except to the development server (never set in a packaged app) — a
 * second wall behind the CSP's `connect-src 'self'`.
 */
import type { Session } from 'electron';

/** Schemes the filter sees; file:, data: and devtools: are not network requests. */
export const NETWORK_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

/** Whether a network request may leave: only to the dev server's origin, in development. */
export function networkRequestAllowed(url: string, devServerUrl: string | undefined): boolean {
  if (!devServerUrl) return false;
  try {
    const u = new URL(url);
    const dev = new URL(devServerUrl);
    // Vite's HMR socket is ws(s) on the same host and port.
    return u.host === dev.host && (u.protocol === dev.protocol || u.protocol === (dev.protocol === 'https:' ? 'wss:' : 'ws:'));
  } catch {
    return false;
  }
}

/** Deny every permission request and check, device and display-media request, and filter the network, on `s`. */
export function lockDownSession(s: Session, devServerUrl: string | undefined): void {
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
  // Optional APIs on older runtimes: guarded so a missing one never breaks startup.
  s.setDevicePermissionHandler?.(() => false);
  s.setDisplayMediaRequestHandler?.((_request, callback) => callback({}));
  s.webRequest.onBeforeRequest({ urls: NETWORK_URL_PATTERNS }, (details, callback) => {
    callback({ cancel: !networkRequestAllowed(details.url, devServerUrl) });
  });
}
