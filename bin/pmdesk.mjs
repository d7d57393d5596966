#!/usr/bin/env node
// `npx pmdesk …`: the bundled CLI (out/cli/pmdesk.mjs, built on npm install by `prepare`).
import { existsSync } from 'node:fs';
import module from 'node:module';
const entry = new URL('../out/cli/pmdesk.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pmdesk: the bundled CLI is missing; run `npm run build:cli` (or `npm run -s pmdesk -- …` from source)\n');
  process.exit(70);
}
// V8's code cache for the bundle's modules (Node ≥ 22.1; in the OS temp folder, keyed by each
// file's content, so a rebuilt bundle is recompiled once): a start does not re-compile the
// engine chunk (~470 KB). NODE_DISABLE_COMPILE_CACHE=1 turns it off; a failure only costs time.
try { module.enableCompileCache?.(); } catch { /* no cache: compiled as before */ }
await import(entry.href);
