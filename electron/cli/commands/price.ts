/**
 * `pmdesk price`: value and greeks of a JSON array of option requests (product.md CLI contract).
 * Input on stdin or from a file argument; output a JSON array in the same order on stdout.
 */
import { parseArgs } from '../args';
import { CliError, type CliCommand, type CliIo } from '../cli-command';
import { DecimalParseError, parseDecimal, toFloat } from '../../engine/money';
import { black76, bsm, inverseOption, PricingError, type OptionGreeks, type OptionType } from '../../engine/pricing';

/** Pricing models the CLI accepts. */
export type CliModel = 'black76' | 'bsm' | 'inverse';

/** Fields each model takes in a `price` request (besides `model` and `type`); `true` = required. */
const PRICE_FIELDS: Record<CliModel, Record<string, boolean>> = {
  black76: { forward: true, strike: true, expiryYears: true, vol: true, rate: false },
  bsm: { spot: true, strike: true, expiryYears: true, vol: true, rate: false, dividendYield: false },
  inverse: { forward: true, strike: true, expiryYears: true, vol: true, rate: false },
};

/** A validated request: model, right and float64 fields (decimal strings converted here). */
export interface CliRequest {
  model: CliModel;
  type: OptionType;
  fields: Record<string, number>;
}

/** Read the JSON input: the single positional file argument, or stdin. */
export async function readJsonInput(args: string[], io: CliIo): Promise<unknown> {
  const { positionals } = parseArgs(args, {});
  if (positionals.length > 1) throw new CliError(`expected at most one input file, got ${positionals.length}`);
  const text = positionals.length === 1 ? await io.readFile(positionals[0]) : await io.readStdin();
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`input is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Validate one request against the model's field table. Numbers may be JSON numbers or decimal
 * strings; this is where they become float64 (`parseDecimal` → `toFloat`). Unknown fields are
 * errors. Errors name the request by index and the field.
 */
export function parseRequest(raw: unknown, index: number, table: Record<CliModel, Record<string, boolean>>): CliRequest {
  const where = `request [${index}]`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new CliError(`${where}: expected an object`);
  const o = raw as Record<string, unknown>;
  const model = o.model;
  if (model !== 'black76' && model !== 'bsm' && model !== 'inverse') {
    throw new CliError(`${where}: "model" must be "black76", "bsm" or "inverse", got ${JSON.stringify(model)}`);
  }
  if (o.type !== 'call' && o.type !== 'put') throw new CliError(`${where}: "type" must be "call" or "put", got ${JSON.stringify(o.type)}`);
  const spec = table[model];
  for (const key of Object.keys(o)) {
    if (key !== 'model' && key !== 'type' && !(key in spec)) {
      throw new CliError(`${where}: unknown field "${key}" for model ${model} (allowed: model, type, ${Object.keys(spec).join(', ')})`);
    }
  }
  const fields: Record<string, number> = {};
  for (const [key, required] of Object.entries(spec)) {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) throw new CliError(`${where}: missing "${key}"`);
      continue;
    }
    try {
      fields[key] = toFloat(parseDecimal(v));
    } catch (e) {
      if (e instanceof DecimalParseError) throw new CliError(`${where}: "${key}" ${e.reason}`);
      throw e;
    }
  }
  return { model, type: o.type, fields };
}

/** Parse the top-level array of requests. */
export function parseRequests(json: unknown, table: Record<CliModel, Record<string, boolean>>): CliRequest[] {
  if (!Array.isArray(json)) throw new CliError('input must be a JSON array of requests');
  return json.map((r, i) => parseRequest(r, i, table));
}

/** Value and the six greeks of one validated request, in the contract's units. */
export function priceRequest(req: CliRequest): OptionGreeks {
  const f = req.fields;
  const rate = f.rate ?? 0;
  switch (req.model) {
    case 'black76':
      return pick(black76({ type: req.type, forward: f.forward, strike: f.strike, expiryYears: f.expiryYears, vol: f.vol, rate }));
    case 'inverse':
      return pick(inverseOption({ type: req.type, forward: f.forward, strike: f.strike, expiryYears: f.expiryYears, vol: f.vol, rate }));
    case 'bsm':
      return pick(bsm({ type: req.type, spot: f.spot, strike: f.strike, expiryYears: f.expiryYears, vol: f.vol, rate, dividendYield: f.dividendYield ?? 0 }));
  }
}

function pick(g: OptionGreeks): OptionGreeks {
  return { value: g.value, delta: g.delta, gamma: g.gamma, vega: g.vega, theta: g.theta, rho: g.rho };
}

/** `price` command. */
export const priceCommand: CliCommand = {
  name: 'price',
  summary: 'value and greeks of option requests (JSON array on stdin or a file)',
  usage: `usage: npm run -s pmdesk -- price [FILE]

Reads a JSON array of requests from FILE or standard input and prints a JSON array of results,
in the same order, on standard output.

request: {"model": "black76"|"bsm"|"inverse", "type": "call"|"put", "strike", "expiryYears", "vol",
          "forward" (black76, inverse) | "spot" (bsm), "rate" (default 0), "dividendYield" (bsm, default 0)}
result:  {"value", "delta", "gamma", "vega", "theta", "rho"}
  value in the quote currency (inverse: in coin); delta dV/dF (black76, inverse) or dV/dS (bsm);
  gamma the second derivative; vega per 1.00 of vol; theta dV/dt per year; rho per 1.00 of rate.
Numbers may be JSON numbers or decimal strings. Errors go to standard error naming the request
(exit code 2).
`,
  async run(args, io) {
    const requests = parseRequests(await readJsonInput(args, io), PRICE_FIELDS);
    const results = requests.map((req, i) => {
      try {
        return priceRequest(req);
      } catch (e) {
        if (e instanceof PricingError) throw new CliError(`request [${i}]: ${e.message}`);
        throw e;
      }
    });
    io.stdout(`${JSON.stringify(results)}\n`);
    return 0;
  },
};
