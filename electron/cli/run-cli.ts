/** Dispatch `pmdesk <command> …` to its sub-command; help text; error exits. Testable (no process access). */
import { CliError, type CliCommand, type CliIo } from './cli-command';

const VERSION = '0.1.0';

/** Help text listing every command. */
export function helpText(commands: CliCommand[]): string {
  const width = Math.max(8, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'pmdesk — offline portfolio margin for crypto derivatives',
    '',
    'usage: npm run -s pmdesk -- <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Run `pmdesk <command> --help` for a command\'s options. JSON on stdin/stdout; errors on stderr, non-zero exit.',
    '',
  ].join('\n');
}

/**
 * Run the CLI. Exit codes: 0 success, 1 a command-level failure it reported, 2 usage or input
 * error (message on stderr naming the offending item), 70 an unexpected internal error.
 */
export async function runCli(argv: string[], io: CliIo, commands: CliCommand[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') { io.stdout(`${VERSION}\n`); return 0; }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`pmdesk: unknown command "${name}"\n\n${helpText(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) { io.stdout(`${command.usage.trimEnd()}\n`); return 0; }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) { io.stderr(`pmdesk ${name}: ${e.message}\n`); return e.exitCode; }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`pmdesk ${name}: internal error: ${msg}\n`);
    return 70;
  }
}
