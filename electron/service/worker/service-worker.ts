/**
 * Worker-thread entry that owns the store and the engine, so margin runs never block the Electron
 * main thread or the web host's event loop (Electron performance guide: never block main).
 * Protocol: `{ id, channel, raw, json? }` in, `{ id, result }` out (result = the IPC envelope), or
 * `{ id, json, ok, code? }` (its JSON text) when asked; jobs'
 * progress goes out unasked as `{ progress }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openAppService, type OpenAppServiceOptions } from '../compose';
import { dispatch } from '../dispatch';
import { jsonEnvelope, type WorkerProgress, type WorkerRequest, type WorkerResponse } from './worker-protocol';
import { setDefaultSlowLane } from '../workspace/slow-lane';
import { threadSlowLane } from './slow-lane-thread';
import { IdleWarmUp } from './idle-warm-up';
import { analysisWarmUpSteps } from '../analysis/warm-up-steps';

if (!parentPort) throw new Error('service-worker must run in a worker thread');
const port = parentPort;
// The working sessions' slow lane (deferred methods, account views) gets a thread of its own,
// beside this file once built (out/main/slow-lane-worker.js), or its source under tsx.
setDefaultSlowLane(() => threadSlowLane(new URL(import.meta.url.endsWith('.ts') ? './slow-lane-worker.ts' : './slow-lane-worker.js', import.meta.url)));
const { service, close } = openAppService(workerData as OpenAppServiceOptions, {
  onProgress: (progress) => port.postMessage({ progress } satisfies WorkerProgress),
});

// Code paths a first request would meet cold, run small while the worker is idle (idle-warm-up.ts);
// PMDESK_NO_WARM_UP=1 turns it off.
const warmUp = process.env.PMDESK_NO_WARM_UP === '1' ? undefined : new IdleWarmUp(analysisWarmUpSteps(), { log: (m) => console.error(m) });

port.on('message', (msg: WorkerRequest | 'close') => {
  if (msg === 'close') {
    warmUp?.stop();
    close();
    port.postMessage('closed');
    return;
  }
  warmUp?.activity();
  void dispatch(service, msg.channel, msg.raw, (c, e) => console.error(`[service] ${c} failed: ${e instanceof Error ? e.stack : String(e)}`)).then((result) => {
    const response: WorkerResponse = msg.json ? { id: msg.id, ...jsonEnvelope(result) } : { id: msg.id, result };
    port.postMessage(response);
    warmUp?.activity();
  });
  warmUp?.activity(); // the request's synchronous part is done
});
port.postMessage('ready');
