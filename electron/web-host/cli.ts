/**
 * `npm run serve -- [--port N] [--db FILE]`: start the web host on the built renderer.
 * Prints the URL; stops cleanly on SIGINT/SIGTERM. Also built as `out/main/web-host.js` (the
 * electron-vite main build), which `npm start` runs where Electron is missing: plain Node, no
 * TypeScript compile at start (cold start, issue 9 §3).
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
// The host listens at once and the worker starts beside it (opening the database, first start:
// seeding the demo): the browser loads the page meanwhile, and API calls wait for the worker.
const entry = new URL(import.meta.url.endsWith('.ts') ? '../service/worker/service-worker.ts' : './service-worker.js', import.meta.url);
const starting = startServiceWorker(entry, { databasePath, host: 'web', version: APP_VERSION }, webHostHooks(notices));
starting.catch((e: unknown) => {
  // The store refuses (newer schema, damaged file) with a message that says what to do; nothing was changed.
  console.error(`pmdesk: cannot open the database: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
const host = await startWebHost({
  dispatch: async (channel, raw) => (await starting).dispatch(channel, raw),
  dispatchJson: async (channel, raw) => (await starting).dispatchJson(channel, raw),
  notices, rendererDir, port, token: typeof parsed.flags['token'] === 'string' ? parsed.flags['token'] : undefined,
});
console.log(`pmdesk web host: ${host.url}  (database ${databasePath})`);

const stop = async () => {
  await host.close();
  await (await starting).close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
