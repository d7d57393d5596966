/** `pmdesk` entry point: real process I/O around `runCli` (run with `npm run -s pmdesk -- …`). */
import { readFile, writeFile } from 'node:fs/promises';
import { commands } from './commands/index';
import { runCli } from './run-cli';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runCli(process.argv.slice(2), {
  readStdin,
  readFile: (p) => readFile(p, 'utf8'),
  writeFile: (p, t) => writeFile(p, t, 'utf8'),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
}, commands);
process.exitCode = code;
