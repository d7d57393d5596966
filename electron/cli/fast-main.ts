/**
 * Entry of the bundled CLI (`out/cli/pmdesk.mjs`, built by `scripts/build-cli.mjs`, run by
 * `bin/pmdesk.mjs`): the same `runCli` and process I/O as `index.ts`, but only the invoked
 * command's module is imported (`lazy-commands.ts`).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { commandsFor } from './lazy-commands';
import { runCli } from './run-cli';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// `pmdesk … | head`: a reader that stops early is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const argv = process.argv.slice(2);
const code = await runCli(argv, {
  readStdin,
  readFile: (p) => readFile(p, 'utf8'),
  writeFile: (p, t) => writeFile(p, t, 'utf8'),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
}, await commandsFor(argv[0]));
process.exitCode = code;
