/**
 * The in-app report export as a job (`job:export-report`, issue 14 §4) against `report:export` on
 * the service's own thread, same request, same run: the 20,000-position synthetic book, one
 * method, XLSX and JSON. The difference is the job's price: a thread start, the inputs cloned to
 * it and the bytes transferred back. Under tsx the thread also compiles its sources (the built app
 * loads `out/main/report-thread.js`), so this is an upper bound. Median of 3, load average printed.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { syntheticMarket, syntheticPositions } from '../electron/engine/margin/synthetic-book';
import { createJobService } from '../electron/service/jobs/job-service';
import { createReportService } from '../electron/service/report/report-service';
import type { PortfolioDto } from '../shared/domain/dto/portfolio.dto';
import type { ServiceStore } from '../electron/service/ports';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

export async function runReportJobBench(): Promise<void> {
  const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 767);
  const balances = [{ currency: 'BTC', amount: '250' }, { currency: 'ETH', amount: '3000' }, { currency: 'USDC', amount: '5000000' }];
  const portfolio = { id: 'bench-20k', name: 'bench 20k', balances, positions: syntheticPositions(syn.options.slice(0, 2000), 20_000) } as unknown as PortfolioDto;
  const store = {
    portfolios: { get: () => undefined },
    marketSnapshots: { get: (id: string) => ({ id, name: 'bench', revision: 1, json: syn.market as unknown }) },
    parameterSets: { get: () => undefined },
  } as unknown as Pick<ServiceStore, 'portfolios' | 'marketSnapshots' | 'parameterSets'>;
  const reports = createReportService(store, 'bench');
  const jobs = createJobService({ store, methods: () => [], appVersion: 'bench' });
  console.log(`report export job vs report:export, 20,000 positions, deribit-pm; load average ${load()}`);
  for (const format of ['json', 'xlsx'] as const) {
    const request = { portfolio, marketId: 'm', methods: ['deribit-pm'], format };
    const direct: number[] = [];
    const job: number[] = [];
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      await reports['report:export'](request);
      direct.push(performance.now() - t);
      t = performance.now();
      const r = await jobs['job:export-report']({ jobId: `bench-${format}-${i}`, request });
      if (r.kind !== 'done') throw new Error('the bench job did not finish');
      job.push(performance.now() - t);
    }
    const d = median(direct), j = median(job);
    console.log(`  ${format.padEnd(4)} report:export ${d.toFixed(0)} ms, job:export-report ${j.toFixed(0)} ms (ratio ${(j / d).toFixed(2)}, +${(j - d).toFixed(0)} ms; load ${load()})`);
  }
}
