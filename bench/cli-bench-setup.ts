/**
 * Set-up shared by the whole-process CLI benches (cli-start.bench.ts, report.bench.ts): build the
 * bundled CLI once, and write the synthetic 20,000-position book and its market to a temp folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';

/** The checkout's root folder (the benches spawn the CLI from there). */
export const BENCH_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Build out/cli with scripts/build-cli.mjs; throws when the build fails. */
export function buildCli(): void {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: BENCH_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('scripts/build-cli.mjs failed');
}

/** A fresh temp folder holding book.json (20,000 positions on 2,000 options) and market.json. */
export function writeBigBook(prefix: string): { dir: string; market: ReturnType<typeof syntheticMarket> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  writeFileSync(join(dir, 'market.json'), JSON.stringify(syn.market));
  writeFileSync(join(dir, 'book.json'), JSON.stringify({ name: 'bench-20k', positions: syntheticPositions(syn.options.slice(0, 2000), 20_000) }));
  return { dir, market: syn };
}
