/**
 * Entry of the bundled CLI (`out/cli/pmdesk.mjs`, built by `scripts/build-cli.mjs`, run by
 * `bin/pmdesk.mjs`): the same `runCli` and process I/O (`process-io.ts`) as `index.ts`, but only
 * the invoked command's module is imported (`lazy-commands.ts`).
 */
import { commandsFor } from './lazy-commands';
import { processIo } from './process-io';
import { runCli } from './run-cli';

// `pmdesk … | head`: a reader that stops early is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const argv = process.argv.slice(2);
process.exitCode = await runCli(argv, processIo(), await commandsFor(argv[0]));
