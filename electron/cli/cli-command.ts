/** The shape of one `pmdesk` sub-command. Each command lives in `commands/<name>.ts`. */

/** Streams a command reads and writes; injected so commands are testable without a process. */
export interface CliIo {
  /** Whole standard input as text (read lazily; only commands that need it call it). */
  readStdin(): Promise<string>;
  /** Read a file as UTF-8 text (relative to the working directory). */
  readFile(path: string): Promise<string>;
  /** Write a file (UTF-8). */
  writeFile(path: string, text: string): Promise<void>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Environment variables (e.g. `PMDESK_DB`). */
  env: Record<string, string | undefined>;
}

/** A user-facing error: printed as `pmdesk <command>: <message>` with exit code `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'CliError';
  }
}

/** One sub-command: name, one-line summary, usage text, and the runner (returns the exit code). */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
