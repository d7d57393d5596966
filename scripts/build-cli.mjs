// Bundles the pmdesk CLI to out/cli/ (ESM, one chunk per command via dynamic imports) with
// esbuild (already installed as vite's/tsx's bundler). npm packages stay external (resolved from
// node_modules at run time; better-sqlite3 is native). Run by `npm install` (prepare) and
// `npm run build:cli`; started with plain `node bin/pmdesk.mjs` / `npx pmdesk`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}out/cli`, { recursive: true, force: true });
// `--if-possible` (the prepare script): a bundling error must not fail `npm install`/`npm ci`;
// it is reported, and bin/pmdesk.mjs then says the bundle is missing. Typecheck and tests still
// fail on the same error.
const lenient = process.argv.includes('--if-possible');
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
  logLevel: lenient ? 'silent' : 'warning',
}).catch((e) => {
  if (!lenient) throw e;
  rmSync(`${root}out/cli`, { recursive: true, force: true });
  process.stderr.write(`pmdesk: could not bundle the CLI (npx pmdesk will not run until \`npm run build:cli\` succeeds):\n${e.message}\n`);
});
