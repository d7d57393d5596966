/**
 * The service's margin engine: `margin:run` on the demo book through a real store, edited as the
 * grid edits it, returns what a fresh engine returns, with the edits served by the session
 * (hits), keyed by the stored market and parameter-set revisions. Other methods run fresh.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index';
import { createAppService } from './app-service';
import { DEMO_PORTFOLIO_ID, seedDemoData } from './demo-data';
import { createMarginEngine, marginEngine } from './margin-engine';
import { createStorageService } from './storage-service';
import { createWorkspaceService } from './workspace/workspace-service';

let close: (() => void) | undefined;
afterEach(() => close?.());

function open() {
  const store = openDatabase(join(mkdtempSync(join(tmpdir(), 'pmdesk-eng-')), 'pmdesk.db'));
  close = () => store.close();
  seedDemoData(store);
  const engine = createMarginEngine();
  const service = createAppService({ store, engine, storage: createStorageService(store, engine), workspace: createWorkspaceService(store, engine), host: 'web', version: 'test', databasePath: ':memory:' });
  return { store, engine, service };
}

const json = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('service margin engine', () => {
  it('grid edits through margin:run are incremental and equal to fresh runs', async () => {
    const { store, engine, service } = open();
    const marketId = store.marketSnapshots.list()[0].id;
    const snapshot = store.marketSnapshots.get(marketId)!.json;
    let portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const edits = [
      (p: typeof portfolio) => ({ ...p, positions: p.positions.map((x, i) => (i === 1 ? { ...x, size: '17.5' } : x)) }),
      (p: typeof portfolio) => ({ ...p, positions: [...p.positions, { id: 'added-1', instrument: 'BTC-25DEC26-100000-P', size: '2' }] }),
      (p: typeof portfolio) => ({ ...p, positions: p.positions.filter((_, i) => i !== 0) }),
      (p: typeof portfolio) => ({ ...p, positions: p.positions.map((x) => (x.id === 'added-1' ? { ...x, size: '-3' } : x)) }),
    ];
    for (let k = 0; k <= edits.length; k++) {
      const res = await service['margin:run']({ portfolio, marketId, methods: ['deribit-pm', 'deribit-pm-cross', 'deribit-sm'], accountFor: 'deribit-pm' });
      for (const o of res.outcomes) {
        const fresh = marginEngine.run(o.methodId, portfolio, snapshot, { account: o.methodId === 'deribit-pm' });
        expect(o.ok).toBe(true);
        if (o.ok) expect(json(o.result)).toEqual(json(fresh));
      }
      if (k < edits.length) portfolio = edits[k](portfolio);
    }
    // Two session methods × (1 first run, 4 edits). One rebuild: in cross mode the BTC collateral
    // row shares the USD_BTC group, and a fresh build puts the new instrument's row before it
    // (summation order), so adding a new BTC instrument there rebuilds to stay identical.
    expect(engine.sessions!.stats).toEqual({ hits: 7, misses: 2, rebuilds: 1, reusedMarkets: 0 });
  });

  it('each engine has its own sessions; none is created at import', () => {
    const a = createMarginEngine(), b = createMarginEngine();
    expect(a.sessions).not.toBe(b.sessions);
    expect(a.sessions!.size).toBe(0);
    expect(createMarginEngine({ sessions: 0 }).sessions).toBeUndefined();
  });
});
