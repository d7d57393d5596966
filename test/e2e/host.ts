/** Starts the real web host (`electron/web-host/cli.ts`) as a child process on a given database. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running host process. */
export interface HostProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the host wrote to stderr (internal errors are logged there). */
  stderr: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A fresh temporary database path. */
export function tempDatabase(): string {
  return join(mkdtempSync(join(tmpdir(), 'pmdesk-e2e-')), 'pmdesk.db');
}

/**
 * The host as `npm start` runs it: the built `out/main/web-host.js` (the e2e tests run after
 * `npm run build`, which also builds the renderer they load); its TypeScript source under tsx
 * when there is no build, or with PMDESK_HOST_SOURCE=1.
 */
export function hostCommand(): string[] {
  const built = 'out/main/web-host.js';
  return existsSync(built) && !process.env['PMDESK_HOST_SOURCE'] ? [built] : ['--import', 'tsx', 'electron/web-host/cli.ts'];
}

/** Start the host on `databasePath` and wait until it listens. */
export async function startHost(databasePath: string, token?: string): Promise<HostProcess> {
  const args = [...hostCommand(), '--port', '0', '--db', databasePath];
  if (token) args.push('--token', token);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start: ${out}${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /pmdesk web host: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}: ${out}${err}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stderr: () => err,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Call a channel on a running host over HTTP with its token and unwrap the envelope (throws the error's message). */
export async function hostCall(host: HostProcess, token: string, channel: string, req: unknown): Promise<unknown> {
  const res = await fetch(`${host.url}api/${encodeURIComponent(channel)}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-pmdesk-token': token }, body: JSON.stringify({ req }),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
  return body.value;
}
