/**
 * The real process I/O of a `pmdesk` run (standard streams, files, environment), shared by the
 * source entry (`index.ts`) and the bundled one (`fast-main.ts`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { CliIo } from './cli-command';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `CliIo` over this process: stdin/stdout/stderr, UTF-8 files, `process.env`. */
export function processIo(): CliIo {
  return {
    readStdin,
    readFile: (p) => readFile(p, 'utf8'),
    writeFile: (p, t) => writeFile(p, t, 'utf8'),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
  };
}
