/**
 * Worker-thread entry of the slow lane (electron/service/workspace/slow-lane.ts): its own margin
 * engine and the mirrors of the open books, so deferred methods and account views never hold up
 * an edit in the service's thread. Protocol: `{ id, job }` in, `{ id, result }` or `{ id, error }` out.
 */
import { parentPort } from 'node:worker_threads';
import { createMarginEngine } from '../margin-engine';
import { SlowLaneState, type SlowJob, type SlowResult } from '../workspace/slow-lane';
import { lowerThreadPriority } from './thread-priority';

if (!parentPort) throw new Error('slow-lane-worker must run in a worker thread');
const port = parentPort;
// Deferred runs are background work: on a 2-core laptop they would otherwise take a core from the
// edit path (service thread, renderer) for seconds after every pause (Linux only; see the module).
lowerThreadPriority();
const state = new SlowLaneState(createMarginEngine());

port.on('message', (msg: { id: number; job: SlowJob }) => {
  let out: { id: number; result: SlowResult } | { id: number; error: string };
  try {
    out = { id: msg.id, result: state.run(msg.job) };
  } catch (e) {
    out = { id: msg.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(out);
});
