/** `pmdesk` entry point: real process I/O around `runCli` (run with `npm run -s pmdesk -- …`). */
import { commands } from './commands/index';
import { processIo } from './process-io';
import { runCli } from './run-cli';

process.exitCode = await runCli(process.argv.slice(2), processIo(), commands);
