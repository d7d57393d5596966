/**
 * The `--method` flag of the margin, report, batch and sweep commands: one id, a comma list, or
 * `all` (every method the registry lists, in its order). Ids are checked against the registry;
 * no method is named here.
 */
import { MARGIN_METHODS } from '../engine/margin/registry';
import { CliError } from './cli-command';

/** The word that stands for every registered method. */
export const ALL_METHODS = 'all';

/** `--method a,b` / `--method all` as registered method ids (unknown, repeated or empty: CliError). */
export function methodIds(flag: string): string[] {
  if (flag.trim() === ALL_METHODS) return Object.keys(MARGIN_METHODS);
  const ids = flag.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new CliError('--method: give at least one method id, or all');
  for (const id of ids) if (!MARGIN_METHODS[id]) throw new CliError(`--method ${id}: unknown method (known: ${Object.keys(MARGIN_METHODS).join(', ')}); all runs every method`);
  if (new Set(ids).size !== ids.length) throw new CliError('--method: a method is listed twice');
  return ids;
}
