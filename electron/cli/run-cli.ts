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

/** The reason a file could not be read, without Node's `CODE: … , open 'path'` decoration. */
export function readFailureReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const code = (e as NodeJS.ErrnoException).code;
  const m = /^[A-Z0-9_]+: (.*?)(?:, \w+ '.*')?$/s.exec(e.message);
  const text = m ? m[1] : e.message;
  return code && !text.includes(code) ? `${text} (${code})` : text;
}

/**
 * Every command's file reads go through this: a missing or unreadable input file is an input
 * error (exit 2, `pmdesk <cmd>: cannot read FILE: <reason>`), never an internal one.
 */
function checkedIo(io: CliIo): CliIo {
  return {
    ...io,
    async readFile(path: string): Promise<string> {
      try {
        return await io.readFile(path);
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError(`cannot read ${path}: ${readFailureReason(e)}`);
      }
    },
  };
}

/**
 * Run the CLI. Exit codes: 0 success, 1 a command-level failure it reported, 2 usage or input
 * error (message on stderr naming the offending item), 75 the database stayed locked by another
 * writer past the busy timeout (nothing written: try again; sysexits EX_TEMPFAIL), 70 an
 * unexpected internal error.
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
    return await command.run(rest, checkedIo(io));
  } catch (e) {
    if (e instanceof CliError) { io.stderr(`pmdesk ${name}: ${e.message}\n`); return e.exitCode; }
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
      io.stderr(`pmdesk ${name}: the database is busy: another pmdesk (the app, an import, another command) held its write lock past the wait; nothing was written, try again\n`);
      return 75;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`pmdesk ${name}: internal error: ${msg}\n`);
    return 70;
  }
}
