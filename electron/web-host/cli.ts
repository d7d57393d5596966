/**
 * `npm run serve -- [--port N] [--db FILE]`: start the web host on the built renderer.
 * Prints the URL; stops cleanly on SIGINT/SIGTERM.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from '../cli/args';
import { startServiceWorker } from '../service/worker/worker-dispatcher';
import { defaultDatabasePath } from './default-paths';
import { NoticeBoard } from './notice-board';
import { startWebHost } from './server';
import { APP_VERSION } from '../service/app-version';
import { webHostHooks } from './worker-hooks';

const parsed = parseArgs(process.argv.slice(2), { valued: ['port', 'db', 'renderer', 'token'] });
const databasePath = resolve(typeof parsed.flags['db'] === 'string' ? parsed.flags['db'] : defaultDatabasePath());
mkdirSync(dirname(databasePath), { recursive: true });
const rendererDir = resolve(typeof parsed.flags['renderer'] === 'string' ? parsed.flags['renderer'] : 'out/renderer');
const port = typeof parsed.flags['port'] === 'string' ? Number(parsed.flags['port']) : 5178;
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got ${String(parsed.flags['port'])}`);

// A restart of the worker after an uncaught error is printed here and told to every open tab
// (`shell:notices`), as Electron main tells its windows with `shell:notice` (main/modules/service-hooks.ts).
const notices = new NoticeBoard();
let worker: Awaited<ReturnType<typeof startServiceWorker>>;
try {
  worker = await startServiceWorker(new URL('../service/worker/service-worker.ts', import.meta.url), { databasePath, host: 'web', version: APP_VERSION }, webHostHooks(notices));
} catch (e) {
  // The store refuses (newer schema, damaged file) with a message that says what to do; nothing was changed.
  console.error(`pmdesk: cannot open the database: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const host = await startWebHost({ dispatch: worker.dispatch, notices, rendererDir, port, token: typeof parsed.flags['token'] === 'string' ? parsed.flags['token'] : undefined });
console.log(`pmdesk web host: ${host.url}  (database ${databasePath})`);

const stop = async () => {
  await host.close();
  await worker.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
