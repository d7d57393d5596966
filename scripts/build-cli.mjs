// Bundles the pmdesk CLI to out/cli/ (ESM, one chunk per command via dynamic imports) with
// esbuild (already installed as vite's/tsx's bundler). npm packages stay external (resolved from
// node_modules at run time; better-sqlite3 is native). Run by `npm install` (prepare) and
// `npm run build:cli`; started with plain `node bin/pmdesk.mjs` / `npx pmdesk`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}out/cli`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { pmdesk: 'electron/cli/fast-main.ts', 'batch-worker': 'electron/cli/batch-worker.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
});
