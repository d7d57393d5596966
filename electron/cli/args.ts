/** Minimal, strict `--flag value` parsing for pmdesk commands (unknown flags are errors). */
import { CliError } from './cli-command';

/** Parsed flags and positionals. Boolean flags map to `true`. */
export interface ParsedArgs {
  flags: Record<string, string | true>;
  positionals: string[];
}

/**
 * Parse `args` against the allowed flag names. `valued` flags take the next argument (or `--x=v`);
 * `booleans` take none. Anything else starting with `--` is rejected with a clear message, and so
 * is a flag given twice (`--portfolio a --portfolio b`: which one was meant is ambiguous).
 */
export function parseArgs(args: string[], spec: { valued?: string[]; booleans?: string[] }): ParsedArgs {
  const valued = new Set(spec.valued ?? []);
  const booleans = new Set(spec.booleans ?? []);
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { positionals.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('--')) { positionals.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if ((valued.has(name) || booleans.has(name)) && Object.hasOwn(flags, name)) throw new CliError(`--${name} given more than once`);
    if (valued.has(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') throw new CliError(`--${name} needs a value`);
      flags[name] = value;
    } else if (booleans.has(name) && eq < 0) {
      flags[name] = true;
    } else {
      throw new CliError(`unknown option --${name}`);
    }
  }
  return { flags, positionals };
}

/** The value of a required valued flag, or a CliError naming it. */
export function requireFlag(parsed: ParsedArgs, name: string): string {
  const v = parsed.flags[name];
  if (typeof v !== 'string') throw new CliError(`--${name} is required`);
  return v;
}

/** Epoch ms of an ISO-8601 time flag with a zone (`--as-of 2026-02-15T12:00:00Z`), or a CliError naming it. */
export function isoTimeFlag(name: string, v: string): number {
  const ms = Date.parse(v);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/.test(v) || !Number.isFinite(ms)) {
    throw new CliError(`--${name} ${v}: expected an ISO-8601 time with a zone, like 2026-02-15T12:00:00Z`);
  }
  return ms;
}
