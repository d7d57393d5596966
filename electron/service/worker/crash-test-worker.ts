/**
 * Test fixture for worker-restart.test.ts: the real service worker with one extra channel,
 * `test:crash`, that throws an uncaught error in the worker thread (as a defect would).
 */
import { parentPort } from 'node:worker_threads';

// Registered before the service's own listener, so the throw stops the message there.
parentPort?.on('message', (m: { channel?: string } | string) => {
  if (typeof m === 'object' && m.channel === 'test:crash') throw new Error('boom in the worker');
});
await import('./service-worker');
