/**
 * Service path benchmark: what the hosts add on top of the engine. The same `margin:run` on the
 * demo book (a) called on the engine directly — the in-run baseline, (b) through `dispatch`
 * (schema validation + envelope) in process, (c) through the service worker thread (structured
 * clone both ways), as the app and the web host do. Also a 20,000-position `portfolio:save`
 * through the worker (validation + SQLite + clone). Then a grid edit on a 20,000-position book:
 * one size changed and `deribit-pm` re-run through the service, fresh (every run rebuilds) vs the
 * incremental sessions (margin-session.ts), with and without the account view, and the session's
 * cost split into margins / marginal margins + explanation / account view.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppService } from '../electron/service/compose';
import { DEMO_PORTFOLIO_ID } from '../electron/service/demo-data';
import { dispatch } from '../electron/service/dispatch';
import { createMarginEngine, marginEngine } from '../electron/service/margin-engine';
import { openDatabase } from '../electron/db/index';
import { createAppService } from '../electron/service/app-service';
import { createStorageService } from '../electron/service/storage-service';
import { createWorkspaceService } from '../electron/service/workspace/workspace-service';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';
import { startServiceWorker } from '../electron/service/worker/worker-dispatcher';
import type { PortfolioDto } from '../shared/domain/dto/portfolio.dto';
import { DERIBIT_PM_ID } from '../electron/engine/margin/methods/deribit-pm/id';
import { DERIBIT_SM_ID } from '../electron/engine/margin/methods/deribit-sm/id';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(n: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    xs.push(performance.now() - t);
  }
  return median(xs);
}

/** Print direct-engine vs dispatch vs worker medians for the demo book, with ratios. */
export async function runServiceBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-svc-bench-'));
  const databasePath = join(dir, 'bench.db');
  const { service, close } = openAppService({ databasePath, host: 'web', version: 'bench' });
  const worker = await startServiceWorker(new URL('../electron/service/worker/service-worker.ts', import.meta.url), { databasePath, host: 'web', version: 'bench' });
  try {
    const portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const marketId = (await service['market:list'](undefined))[0].id;
    const snapshot = (await service['market:get']({ id: marketId })).snapshot;
    const req = { portfolio, marketId, methods: [DERIBIT_PM_ID, DERIBIT_SM_ID], accountFor: DERIBIT_PM_ID };
    const N = 15;
    // Warm every path's JIT first so the order of measurement does not matter.
    await time(5, () => worker.dispatch('margin:run', req));
    await time(5, () => dispatch(service, 'margin:run', req));
    await time(5, () => marginEngine.run(DERIBIT_PM_ID, portfolio, snapshot, { account: true }));

    const direct = await time(N, () => {
      marginEngine.run(DERIBIT_PM_ID, portfolio, snapshot, { account: true });
      marginEngine.run(DERIBIT_SM_ID, portfolio, snapshot, { account: false });
    });
    const inProcess = await time(N, () => dispatch(service, 'margin:run', req));
    const viaWorker = await time(N, () => worker.dispatch('margin:run', req));

    const big: PortfolioDto = {
      id: 'bench-20k', name: 'Bench 20k', balances: [],
      positions: Array.from({ length: 20_000 }, (_, i) => ({ id: `r${i}`, instrument: `BTC-25DEC26-${60000 + (i % 40) * 2000}-${i % 2 ? 'C' : 'P'}`, size: `${(i % 50) - 25}.5` })),
    };
    let k = 0;
    const edited = () => ({ portfolio: { ...big, positions: big.positions.map((p, i) => (i === 0 ? { ...p, size: `${++k}` } : p)) } });
    const save20kInProcess = await time(7, () => dispatch(service, 'portfolio:save', edited()));
    const save20k = await time(7, () => worker.dispatch('portfolio:save', edited()));

    const row = (label: string, ms: number, base?: number) => `  ${label.padEnd(52)} median ${ms.toFixed(2).padStart(8)} ms${base ? `  (${(ms / base).toFixed(2)}× engine)` : ''}`;
    console.log('service path (demo book, margin:run with deribit-pm + deribit-sm, account view for deribit-pm):');
    console.log(row('engine called directly (baseline, same work)', direct));
    console.log(row('dispatch in process (validation + envelope)', inProcess, direct));
    console.log(row('service worker (as the app and web host run it)', viaWorker, direct));
    console.log(row('portfolio:save of 20,000 positions, dispatch in process', save20kInProcess));
    console.log(`${row('portfolio:save of 20,000 positions via the worker', save20k)}  (${(save20k / save20kInProcess).toFixed(2)}× in process)`);
    console.log('  (the service engine keeps incremental sessions: re-running an unchanged book reuses its work, so dispatch and the worker can beat the fresh baseline; the 20,000-position edit below is the like-for-like figure)');
  } finally {
    await worker.close();
    close();
    rmSync(dir, { recursive: true, force: true });
  }
  await runSessionEditBench();
}

/**
 * Edit one size on a 20,000-position book and re-run `deribit-pm` through the service
 * (`dispatch`, in process): a service whose engine has no sessions (fresh) vs the app's engine
 * (sessions). Same store, same requests; the results are checked equal.
 */
async function runSessionEditBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-sess-bench-'));
  const databasePath = join(dir, 'bench.db');
  const store = openDatabase(databasePath);
  let worker: Awaited<ReturnType<typeof startServiceWorker>> | undefined;
  try {
    // The margin bench's book: 20,000 positions over 2,000 option instruments on BTC, ETH, SOL.
    const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
    const marketId = store.marketSnapshots.save('synthetic', syn.market).id;
    const base: PortfolioDto = { id: 'bench-20k-pm', name: 'Bench 20k', balances: [{ currency: 'BTC', amount: '25' }, { currency: 'ETH', amount: '300' }], positions: syntheticPositions(syn.options.slice(0, 2000), 20_000) };
    const serviceWith = (sessions: number) => {
      const engine = createMarginEngine({ sessions });
      return { engine, service: createAppService({ store, engine, storage: createStorageService(store, engine), workspace: createWorkspaceService(store, engine), host: 'web', version: 'bench', databasePath: ':bench:' }) };
    };
    const fresh = serviceWith(0), session = serviceWith(4);
    let k = 0;
    // Each call edits one size (a different row each time), as a grid edit does.
    const edit = (): PortfolioDto => { k++; return { ...base, positions: base.positions.map((p, i) => (i === (k * 7919) % 20_000 ? { ...p, size: `${(k % 40) - 20}.5` } : p)) }; };
    const req = (portfolio: PortfolioDto, account: boolean) => ({ portfolio, marketId, methods: [DERIBIT_PM_ID], accountFor: account ? DERIBIT_PM_ID : 'none' });
    const run = (svc: typeof fresh, account: boolean) => () => dispatch(svc.service, 'margin:run', req(edit(), account));
    // Same result both ways (the property test checks this in depth).
    const check = edit();
    const a = await dispatch(fresh.service, 'margin:run', req(check, true)), b = await dispatch(session.service, 'margin:run', req(check, true));
    if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('session result differs from the fresh result');
    // Interleaved (fresh, session, fresh, …) so that load on the machine hits both alike.
    const pair = async (n: number, account: boolean): Promise<[number, number]> => {
      const f: number[] = [], g: number[] = [];
      for (let j = 0; j < n; j++) { f.push(await time(1, run(fresh, account))); g.push(await time(1, run(session, account))); }
      return [median(f), median(g)];
    };
    await pair(3, true);
    const [freshAcct, sessAcct] = await pair(9, true);
    await pair(3, false);
    const [freshPlain, sessPlain] = await pair(15, false);
    // The session's cost split, on the engine (no validation or store): margins only, + marginal
    // margins and the explanation, + the account view.
    const snapshot = store.marketSnapshots.get(marketId)!.json;
    const eng = (account: boolean, marginal: boolean) => () => session.engine.run(DERIBIT_PM_ID, edit(), snapshot, { account, marginal, snapshotKey: `${marketId}@1`, paramsKey: 'default' });
    await time(3, eng(true, true));
    await time(5, eng(false, false));
    const sMargins = await time(15, eng(false, false));
    const sExplained = await time(15, eng(false, true));
    const sAccount = await time(15, eng(true, true));
    const editOnly = await time(15, () => edit());
    const stats = session.engine.sessions!.stats;
    // As the app runs it: the service worker (its engine has sessions), structured clone both ways.
    worker = await startServiceWorker(new URL('../electron/service/worker/service-worker.ts', import.meta.url), { databasePath, host: 'web', version: 'bench' });
    const viaWorker = (account: boolean) => () => worker!.dispatch('margin:run', req(edit(), account));
    await time(5, viaWorker(true));
    const workerAcct = await time(11, viaWorker(true));
    await time(3, viaWorker(false));
    const workerPlain = await time(15, viaWorker(false));
    const ms = (x: number) => `${x.toFixed(2).padStart(8)} ms`;
    console.log('grid edit on a 20,000-position book (one size changed, deribit-pm re-run through the service, dispatch in process):');
    console.log(`  with the account view (method shown in detail)   fresh median ${ms(freshAcct)}  session median ${ms(sessAcct)}  (fresh/session ${(freshAcct / sessAcct).toFixed(2)}×)`);
    console.log(`  without the account view                          fresh median ${ms(freshPlain)}  session median ${ms(sessPlain)}  (fresh/session ${(freshPlain / sessPlain).toFixed(2)}×)`);
    console.log(`  session via the service worker (as the app runs it): with the account view ${ms(workerAcct)}, without ${ms(workerPlain)}`);
    console.log(`  session on the engine: margins + explanation (no marginal) ${ms(sMargins)}; + marginal margins ${ms(sExplained)}; + account view ${ms(sAccount)} (each includes building the edited book in the bench, ${ms(editOnly)})`);
    console.log(`  session stats: ${stats.hits} hits, ${stats.misses} misses, ${stats.rebuilds} rebuilds`);
  } finally {
    await worker?.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
