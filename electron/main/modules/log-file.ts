/**
 * The app's log: main's and the service worker's messages (everything written to stderr — the
 * worker's console is forwarded through main's) go to `pmdesk.log` in the user-data folder,
 * rotated by size (`pmdesk.log` → `pmdesk.1.log` → … → `pmdesk.<keep>.log`, the oldest dropped).
 * Local only: nothing is sent anywhere.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A size-rotated log file. */
export interface RotatingLog {
  readonly path: string;
  write(line: string): void;
}

/** Open (create) the log in `dir`; rotate when a write would pass `maxBytes`, keeping `keep` old files. */
export function openRotatingLog(dir: string, opts: { maxBytes?: number; keep?: number; now?: () => Date } = {}): RotatingLog {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const keep = opts.keep ?? 3;
  const now = opts.now ?? (() => new Date());
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'pmdesk.log');
  const old = (i: number) => join(dir, `pmdesk.${i}.log`);
  let size = existsSync(path) ? statSync(path).size : 0;
  const rotate = () => {
    rmSync(old(keep), { force: true });
    for (let i = keep - 1; i >= 1; i--) if (existsSync(old(i))) renameSync(old(i), old(i + 1));
    if (existsSync(path)) renameSync(path, old(1));
    size = 0;
  };
  return {
    path,
    write(line) {
      const text = `${now().toISOString()} ${line.replace(/\s+$/, '')}\n`;
      const bytes = Buffer.byteLength(text);
      if (size > 0 && size + bytes > maxBytes) rotate();
      try {
        appendFileSync(path, text);
        size += bytes;
      } catch {
        // A full or read-only disk must not take the app down with it.
      }
    },
  };
}

/** Copy everything written to stderr into the log too, and log uncaught errors of main. */
export function captureProcessOutput(log: Pick<RotatingLog, 'write'>, proc: CapturedProcess = process): void {
  const write = proc.stderr.write.bind(proc.stderr);
  proc.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    log.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  proc.on('uncaughtException', (e: Error) => log.write(`[main] uncaught: ${e.stack ?? String(e)}`));
  proc.on('unhandledRejection', (e: unknown) => log.write(`[main] unhandled rejection: ${e instanceof Error ? e.stack : String(e)}`));
}

/** What `captureProcessOutput` touches of `process` (a test passes its own). */
export interface CapturedProcess {
  stderr: { write: typeof process.stderr.write };
  on(event: 'uncaughtException', fn: (e: Error) => void): unknown;
  on(event: 'unhandledRejection', fn: (e: unknown) => void): unknown;
}
