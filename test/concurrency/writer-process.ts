/**
 * A writer child process (`writer-child.ts` as `app` or `cli` on database `db`, book `book`) and
 * its answers line by line: `next()` resolves with the next line it printed, or fails with its
 * standard error when it exits first.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./writer-child.ts', import.meta.url));

export interface Writer { name: string; proc: ChildProcessWithoutNullStreams; next: () => Promise<string>; stderr: string[] }

export function startWriter(name: string, role: 'app' | 'cli', db: string, book: string): Writer {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, role, db, book], { stdio: ['pipe', 'pipe', 'pipe'] });
  const queue: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  createInterface({ input: proc.stdout }).on('line', (l) => { const w = waiting.shift(); if (w) w(l); else queue.push(l); });
  const stderr: string[] = [];
  proc.stderr.on('data', (d: Buffer) => stderr.push(d.toString()));
  const next = () => new Promise<string>((ok, fail) => {
    const q = queue.shift();
    if (q !== undefined) return ok(q);
    waiting.push(ok);
    proc.once('exit', (c) => fail(new Error(`${name} exited ${c}: ${stderr.join('')}`)));
  });
  return { name, proc, next, stderr };
}
