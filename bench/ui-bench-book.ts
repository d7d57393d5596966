/**
 * The browser benches' database (bench:ui, the Risk view's and the market editor's): the demo
 * data, a synthetic snapshot of 2,000 options on BTC/ETH/SOL (seed 767) and a 20,000-position
 * book over them, saved through the service as a user's save would be. Also the percentile and
 * millisecond formats the three benches print with.
 */
import { openDatabase } from '../electron/db/index';
import { createAppService } from '../electron/service/app-service';
import { seedDemoData } from '../electron/service/demo-data';
import { createMarginEngine } from '../electron/service/margin-engine';
import { createStorageService } from '../electron/service/storage-service';
import { createWorkspaceService } from '../electron/service/workspace/workspace-service';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';

export interface BenchBook { bookId: string; bookName: string; marketName: string }

/** Write the bench book into a new database at `path`; the option symbols it uses. */
export async function seedUiBenchBook(path: string, b: BenchBook): Promise<{ symbols: string[] }> {
  const store = openDatabase(path);
  try {
    seedDemoData(store);
    const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
    store.marketSnapshots.save(b.marketName, syn.market);
    const engine = createMarginEngine();
    const app = createAppService({ store, engine, storage: createStorageService(store, engine), workspace: createWorkspaceService(store, engine), host: 'web', version: 'bench', databasePath: path });
    const symbols = syn.options.slice(0, 2000);
    const balances = [{ currency: 'BTC', amount: '250' }, { currency: 'ETH', amount: '3000' }, { currency: 'USDC', amount: '5000000' }];
    await app['portfolio:save']({ portfolio: { id: b.bookId, name: b.bookName, balances, positions: syntheticPositions(symbols, 20_000) } });
    return { symbols };
  } finally {
    store.close();
  }
}

/** The p-th percentile (nearest rank) of `xs`. */
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};
export const ms = (x: number): string => `${x.toFixed(1)} ms`;
