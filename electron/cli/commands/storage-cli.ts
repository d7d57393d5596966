/** Helpers shared by `pmdesk import`, `export` and `history`: opening the store and resolving ids. */
import { CliError, type CliIo } from '../cli-command';
import type { ParsedArgs } from '../args';
import { DatabaseCorruptError, openDatabase, SchemaTooNewError, type DocumentRepository, type Store } from '../../db';

/** Document kinds addressable from the CLI (`--kind`). */
export type CliDocKind = 'snapshot' | 'scenario-set' | 'parameter-set';

/**
 * How long a CLI command waits for another process's write lock (the app, an import job, another
 * CLI): a batch tool can wait longer than the app's interactive 5 s; past it the command fails
 * with exit 75 and a message saying so (run-cli.ts), writing nothing.
 */
export const CLI_BUSY_TIMEOUT_MS = 30_000;

/** Open the database named by `--db FILE` or `PMDESK_DB`; store errors become clear CLI errors. */
export function openCliStore(parsed: ParsedArgs, io: CliIo): Store {
  const flag = parsed.flags.db;
  const path = typeof flag === 'string' ? flag : io.env.PMDESK_DB;
  if (!path) throw new CliError('no database: pass --db FILE or set PMDESK_DB');
  try {
    return openDatabase(path, { busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  } catch (e) {
    if (e instanceof SchemaTooNewError || e instanceof DatabaseCorruptError) throw new CliError(e.message, 1);
    throw new CliError(`cannot open database ${path}: ${e instanceof Error ? e.message : String(e)}`, 1);
  }
}

/** The repository of a document kind. */
export function docRepo(store: Store, kind: CliDocKind): DocumentRepository {
  return kind === 'snapshot' ? store.marketSnapshots : kind === 'scenario-set' ? store.scenarioSets : store.parameterSets;
}

/** A portfolio id from `--id`, accepting either the id or the current name. */
export function resolvePortfolioId(store: Store, idOrName: string): string {
  if (store.portfolios.headRevision(idOrName) !== undefined) return idOrName;
  const byName = store.portfolios.list().filter((p) => p.name === idOrName);
  if (byName.length === 1) return byName[0].id;
  if (byName.length > 1) throw new CliError(`${byName.length} portfolios are named "${idOrName}"; use the id`);
  throw new CliError(`no portfolio with id or name "${idOrName}"`, 1);
}

/** A document id from `--id`, accepting either the id or the current name. */
export function resolveDocId(repo: DocumentRepository, idOrName: string): string {
  if (repo.get(idOrName)) return idOrName;
  const byName = repo.findByName(idOrName);
  if (byName) return byName.id;
  throw new CliError(`no ${repo.kind} with id or name "${idOrName}"`, 1);
}

/** Parse a positive integer flag. */
export function intFlag(parsed: ParsedArgs, name: string): number | undefined {
  const v = parsed.flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < 1) throw new CliError(`--${name} must be a positive whole number`);
  return n;
}

/** Parse a JSON-object flag (e.g. `--mapping '{"instrument":"Sym","size":"Qty"}'`). */
export function jsonFlag(parsed: ParsedArgs, name: string): Record<string, string> | undefined {
  const v = parsed.flags[name];
  if (v === undefined) return undefined;
  try {
    const o: unknown = JSON.parse(String(v));
    if (typeof o !== 'object' || o === null || Array.isArray(o) || !Object.values(o).every((x) => typeof x === 'string')) throw new Error('expected an object of strings');
    return o as Record<string, string>;
  } catch (e) {
    throw new CliError(`--${name} is not a JSON object of strings: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Parse an enumerated flag. */
export function enumFlag<T extends string>(parsed: ParsedArgs, name: string, allowed: readonly T[], fallback?: T): T {
  const v = parsed.flags[name] ?? fallback;
  if (v === undefined) throw new CliError(`--${name} is required (${allowed.join('|')})`);
  if (!allowed.includes(v as T)) throw new CliError(`--${name} must be one of ${allowed.join(', ')}`);
  return v as T;
}
