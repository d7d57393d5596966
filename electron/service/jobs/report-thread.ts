/**
 * Worker-thread entry of a report export job (`job:export-report`): runs the report's methods and
 * writes the file's bytes in memory (report-build.ts, the same code as `report:export`), posting
 * each step as it starts. It writes no file and touches no database, so terminating it (Cancel,
 * Esc) at any instant leaves nothing behind; the host writes the finished bytes atomically.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportExportFormat, ReportPaper } from '../../../shared/ipc/report-contract';
import type { ReportInputs } from '../../reports/report-run';
import { buildReportFile, type ReportBuildStep } from '../report/report-build';

/** What the thread is given (inputs already resolved and checked by the service). */
export interface ReportThreadInput {
  inputs: ReportInputs;
  /** `pdf` is never asked of the thread: it builds `html` and the service prints it. */
  format: Exclude<ReportExportFormat, 'pdf'>;
  paper: ReportPaper;
  appVersion: string;
}

/** What it posts. */
export type ReportThreadMessage =
  | { kind: 'step'; step: ReportBuildStep }
  | { kind: 'end'; bytes: Uint8Array; failedMethods: string[] }
  | { kind: 'error'; name: string; message: string };

/** Pages of the report view closer together than this are not all posted (a 20,000-position view has hundreds); every method, sheet and table is. */
const STEP_EVERY_MS = 100;

const port = parentPort;
if (!port) throw new Error('report-thread must run in a worker thread');
{
  const input = workerData as ReportThreadInput;
  let lastPhase = '';
  let lastAt = 0;
  const onStep = (step: ReportBuildStep) => {
    const now = performance.now();
    if (step.phase === 'page' && lastPhase === 'page' && now - lastAt < STEP_EVERY_MS) return;
    lastPhase = step.phase;
    lastAt = now;
    port.postMessage({ kind: 'step', step } satisfies ReportThreadMessage);
  };
  buildReportFile(input.inputs, input.format, input.paper, input.appVersion, onStep).then(
    ({ bytes, failedMethods }) => {
      const owned = new Uint8Array(bytes);
      port.postMessage({ kind: 'end', bytes: owned, failedMethods } satisfies ReportThreadMessage, [owned.buffer]);
    },
    (e: unknown) => port.postMessage({ kind: 'error', name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) } satisfies ReportThreadMessage),
  );
}
