/**
 * `pmdesk sweep`: one numeric parameter varied over a range for every named method that has it,
 * the book's margin at each value (issue 10 §3; engine/margin/sweep.ts). Values are decimal text
 * checked against each method's bound; a bad value names the parameter and the bound.
 */
import type { SweepResultDto } from '../../../shared/domain/dto/sweep.dto';
import { runSweep, MAX_SWEEP_STEPS } from '../../engine/margin/sweep';
import { MARGIN_METHODS } from '../../engine/margin/registry';
import { isoTimeFlag, parseArgs, requireFlag } from '../args';
import { CliError, type CliCommand, type CliIo } from '../cli-command';
import { writeJson } from '../json-stream';
import { methodIds } from '../method-flag';
import { parsePortfolioJson, parseSnapshotJson } from '../../io/json-formats';
import { readJson, readValidated } from './margin';

const USAGE = `usage: pmdesk sweep --portfolio FILE --market FILE --method ID[,ID…]|all --param PATH --from X --to Y --steps N [options]

Varies one numeric parameter from X to Y in N equidistant steps (both ends included) for every
named method whose parameter set has it, and prints the book's IM and MM (USD and per settlement
currency) and the binding add-on at each value. Scenarios are priced once when the parameter
changes only the aggregation (e.g. general.mm_factor), and once per value when it moves them
(e.g. currency_pair.btc_usd.price_range).

options:
  --portfolio FILE     portfolio JSON (docs/formats.md)
  --market FILE        market snapshot JSON (or saved Deribit book summary)
  --as-of ISO          as-of time for Deribit book-summary market data
  --method LIST        ${Object.keys(MARGIN_METHODS).join(' | ')}, a comma list, or all
  --param PATH         the parameter's path in the method's parameter set, list entries as [i]:
                       currency_pair.btc_usd.price_range, combinedCommodities.*.priceScanRange,
                       scanPoints[14].weight (docs/margin-methods.md lists each method's parameters)
  --from X, --to Y     decimal text inside the parameter's bound (e.g. 0.10 and 0.25)
  --steps N            number of values, 1..${MAX_SWEEP_STEPS} (1 needs X = Y)
  --params FILE        base parameter set JSON the value is set over (only with a single --method)
  --format json|csv    output (default json; csv: method,value,IM,MM,binding add-on per point)
`;

const CSV_HEADER = ['method', 'param', 'value', 'initialMarginUsd', 'maintenanceMarginUsd', 'bindingAddOn', 'error'];
const cell = (v: string | null | undefined) => { const s = v ?? ''; return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };

/** The sweep as CSV: one row per method and value; a method that could not run is one row with its error. */
export function sweepCsv(r: SweepResultDto): string {
  const rows = [CSV_HEADER.join(',')];
  for (const m of r.methods) {
    if (!m.ok) { rows.push([m.methodId, r.param, '', '', '', '', m.error].map(cell).join(',')); continue; }
    for (const p of m.points) rows.push([m.methodId, r.param, p.value, p.initialMarginUsd, p.maintenanceMarginUsd, p.bindingAddOn, ''].map(cell).join(','));
  }
  return rows.join('\n') + '\n';
}

/** The `sweep` command. */
export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'margin of a book as one numeric parameter of each method varies over a range',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = parseArgs(args, { valued: ['portfolio', 'market', 'as-of', 'method', 'param', 'from', 'to', 'steps', 'params', 'format'] });
    if (parsed.positionals.length) throw new CliError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
    const methods = methodIds(requireFlag(parsed, 'method'));
    const format = parsed.flags.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new CliError(`--format ${String(format)}: expected json or csv`);
    const stepsText = requireFlag(parsed, 'steps');
    if (!/^\d{1,7}$/.test(stepsText)) throw new CliError(`--steps ${stepsText}: expected a whole number in 1..${MAX_SWEEP_STEPS}`);
    const param = requireFlag(parsed, 'param'), from = requireFlag(parsed, 'from'), to = requireFlag(parsed, 'to');
    if (parsed.flags.params !== undefined && methods.length !== 1) throw new CliError('--params needs exactly one --method');
    const asOfMs = typeof parsed.flags['as-of'] === 'string' ? isoTimeFlag('as-of', parsed.flags['as-of']) : undefined;
    const [portfolio] = await readValidated(io, requireFlag(parsed, 'portfolio'), 'portfolio', 'positions', parsePortfolioJson);
    const [{ json: market }] = await readValidated(io, requireFlag(parsed, 'market'), 'market', undefined, (t) => parseSnapshotJson(t, asOfMs === undefined ? {} : { asOfMs }));
    const params = typeof parsed.flags.params === 'string' ? { [methods[0]]: await readJson(io, parsed.flags.params, 'params') } : undefined;
    let r: SweepResultDto;
    try {
      r = runSweep({ methodIds: methods, portfolio, snapshot: market, params, param, from, to, steps: Number(stepsText) });
    } catch (e) {
      // Bad parameter, value or book: the engine's named errors are the user's message (exit 2).
      if (e instanceof Error && /Error$/.test(e.name) && !['Error', 'TypeError', 'RangeError'].includes(e.name)) throw new CliError(e.message);
      throw e;
    }
    for (const s of r.skipped) io.stderr(`pmdesk sweep: ${s.methodId} not swept (${s.reason})\n`);
    if (format === 'csv') io.stdout(sweepCsv(r));
    else writeJson(io.stdout, r);
    return 0;
  },
};
