/**
 * Storage benchmark (issue 5 targets): save a 20,000-position portfolio revision (< 100 ms), load
 * it (< 50 ms), diff two such revisions (< 100 ms). Temporary file database, WAL, synchronous=FULL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../electron/db';
import type { PortfolioDto } from '../shared/domain/dto/portfolio.dto';

function book(n: number, variant: number): PortfolioDto {
  const positions = new Array(n);
  const months = ['27MAR27', '25JUN27', '24SEP27', '31DEC27'];
  for (let i = 0; i < n; i++) {
    const u = ['BTC', 'ETH', 'SOL'][i % 3];
    const strike = 1000 + (i % 2000) * 50;
    const size = variant > 0 && i % 10 === 0 ? `${(i % 97) + variant}.25` : `${(i % 97) - 48}.125`;
    positions[i] = { id: `row-${i}`, instrument: `${u}-${months[(i >> 2) % 4]}-${strike}-${i % 2 ? 'C' : 'P'}`, size, averagePrice: '0.0425' };
  }
  return { id: 'bench', name: 'Bench 20k', balances: [{ currency: 'BTC', amount: '100' }, { currency: 'USDC', amount: '1500000' }], positions };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Run the storage benchmark and print the median timings against their targets. */
export async function runStorageBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pmdesk-bench-'));
  const store = openDatabase(join(dir, 'bench.db'));
  try {
    const N = 20_000;
    const runs = 7;
    const save: number[] = [];
    const load: number[] = [];
    const diff: number[] = [];
    for (let k = 0; k < runs; k++) {
      const b = book(N, k);
      let t = performance.now();
      const s = store.portfolios.save(b, `bench ${k}`);
      save.push(performance.now() - t);
      t = performance.now();
      const p = store.portfolios.get('bench', s.revision);
      load.push(performance.now() - t);
      if (p?.positions.length !== N) throw new Error('load returned the wrong book');
      if (s.revision > 1) {
        t = performance.now();
        const d = store.portfolios.diff('bench', s.revision - 1, s.revision);
        diff.push(performance.now() - t);
        if (d.positions.changed.length === 0) throw new Error('diff found no changes');
      }
    }
    const line = (label: string, xs: number[], target: number) =>
      `  ${label.padEnd(44)} median ${median(xs).toFixed(1).padStart(6)} ms  (min ${Math.min(...xs).toFixed(1)}, target < ${target} ms) ${median(xs) < target ? 'OK' : 'SLOW'}`;
    console.log('storage (20,000-position portfolio, file DB, WAL, synchronous=FULL):');
    console.log(line('save a new revision', save, 100));
    console.log(line('load a revision', load, 50));
    console.log(line('diff two revisions (2,000 changed rows)', diff, 100));
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
