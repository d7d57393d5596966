#!/usr/bin/env node
// `npx pmdesk …`: the bundled CLI (out/cli/pmdesk.mjs, built on npm install by `prepare`).
import { existsSync } from 'node:fs';
const entry = new URL('../out/cli/pmdesk.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('pmdesk: the bundled CLI is missing; run `npm run build:cli` (or `npm run -s pmdesk -- …` from source)\n');
  process.exit(70);
}
await import(entry.href);
