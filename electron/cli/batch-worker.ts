/**
 * Worker thread of `pmdesk batch`: parses the market once, then margins each book it is sent
 * (batch-book.ts) and posts the result back. workerData: { market, methods, report, appVersion, account }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toMarketView } from '../engine/margin/registry';
import { runBatchBook, type BatchJob, type BatchReportFormat } from './batch-book';

const data = workerData as { market: unknown; methods: string[]; report: BatchReportFormat | null; appVersion: string; account: boolean };
const market = toMarketView(data.market);
const port = parentPort;
if (!port) throw new Error('batch-worker runs only as a worker thread');
port.on('message', (job: BatchJob) => {
  runBatchBook(job, market, data.methods, data.report, data.appVersion, data.account).then(
    (r) => port.postMessage(r),
    (e: unknown) => port.postMessage({ index: job.index, file: job.file, ok: false, reason: `internal error: ${e instanceof Error ? e.message : String(e)}` }),
  );
});
