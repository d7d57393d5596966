/**
 * Worker-thread entry of "Run every method": runs each method on the book it was given and posts
 * a message as each one starts and finishes. It writes nothing, so stopping it (`terminate`, on
 * Cancel) at any instant leaves nothing half-done; and it keeps the service worker free to answer
 * progress polls and the cancel itself while the methods run.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runMargin } from '../../engine/margin/registry';
import { isInputError } from '../service-errors';
import type { RunAllMethodDto } from '../../../shared/ipc/job-contract';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';

/** What the thread is given. */
export interface RunAllInput {
  portfolio: PortfolioDto;
  snapshot: unknown;
  methods: string[];
  params: Record<string, unknown>;
}

/** What it posts: a method started (`index` of `methods`), a method's figures, or the end. */
export type RunAllMessage =
  | { kind: 'started'; index: number }
  | { kind: 'method'; index: number; outcome: RunAllMethodDto }
  | { kind: 'end' };

const port = parentPort;
if (!port) throw new Error('run-all-thread must run in a worker thread');
const input = workerData as RunAllInput;
input.methods.forEach((methodId, index) => {
  port.postMessage({ kind: 'started', index } satisfies RunAllMessage);
  const t = performance.now();
  let outcome: RunAllMethodDto;
  try {
    // Figures only: the account view and per-position marginal margins are the detail panel's work.
    const r = runMargin({ methodId, portfolio: input.portfolio, snapshot: input.snapshot, params: input.params[methodId], account: false, marginal: false });
    outcome = { methodId, ok: true, initialMarginUsd: r.totals.initialMarginUsd, maintenanceMarginUsd: r.totals.maintenanceMarginUsd, ms: Math.round(performance.now() - t) };
  } catch (e) {
    outcome = { methodId, ok: false, error: isInputError(e) ? (e as Error).message : `internal error: ${e instanceof Error ? e.message : String(e)}` };
  }
  port.postMessage({ kind: 'method', index, outcome } satisfies RunAllMessage);
});
port.postMessage({ kind: 'end' } satisfies RunAllMessage);
