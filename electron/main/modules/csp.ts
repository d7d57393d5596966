/**
 * The renderer's Content-Security-Policy (Electron security checklist item 7; issue 11 §5).
 * Delivered the same way by both hosts: a `<meta http-equiv="Content-Security-Policy">` in
 * `renderer/index.html`, which the packaged app serves from app.asar as `app://pmdesk/index.html`
 * (`modules/app-protocol.ts`; `'self'` is then that origin only) and the web host serves as-is
 * (adding only its token meta); neither adds a CSP header, so one text governs both. A test
 * (test/security/lockdown.test.ts) holds the file, the built page and the web host's answer to
 * exactly this text.
 *   connect-src 'self': the app calls main over IPC (Electron) or its own origin's /api (web host);
 *   nothing else. No frames, no plugins, no <base>, no form posts; inline styles only (Svelte
 *   transitions and AG Grid set style attributes), never inline scripts.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
