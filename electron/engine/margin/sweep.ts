/**
 * Parameter sweep (issue 10 §3): one numeric parameter of every requested method that has it
 * (`MarginMethod.numericParams`) varied over `steps` equidistant values from `from` to `to`, and
 * the book's margin at each value. The book and the market are parsed once; within one method's
 * sweep the priced risk arrays are reused (scenario-reuse.ts) whenever a value leaves the
 * scenarios unchanged, so a parameter of the aggregation alone (`general.mm_factor`, a SPAN
 * spread rate, a TIMS minimum) prices the scenarios once, while one that moves them
 * (`currency_pair.btc_usd.price_range`) re-prices per value. Each point equals a fresh run of the
 * method with the parameter set at that value (sweep.test.ts checks it figure for figure).
 */
import { bindingAddOn } from '../../../shared/domain/method-comparison';
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import { MAX_SWEEP_STEPS, type SweepMethodDto, type SweepPointDto, type SweepResultDto } from '../../../shared/domain/dto/sweep.dto';
import { Dec, toDecimalString } from '../money';
import { MarginInputError, parseMarginInput, type MarginInput, type PortfolioLike } from './margin-input';
import type { MarginMethod } from './method-contract';
import { decimalInBound, findNumericParam, parsePath, withParamAt } from './numeric-params';
import { isPlainObject } from './param-fields';
import { boundText, ParamsError } from './params';
import { marginMethod, MARGIN_METHODS, toMarketView } from './registry';
import { withScenarioReuse } from './scenario-reuse';

export { MAX_SWEEP_STEPS };

/** A sweep request: methods by id, the parameter's path in their parameter sets, the range as decimal text. */
export interface SweepRequest {
  methodIds: readonly string[];
  portfolio: PortfolioLike;
  snapshot: unknown;
  /** Base parameter set per method id (else the method's defaults); the swept path is set over it. */
  params?: Readonly<Record<string, unknown>>;
  param: string;
  from: string;
  to: string;
  steps: number;
}

/** The add-on with the largest USD amount over every currency of `r` (null when every add-on is 0). */
export { bindingAddOn };

/** The `steps` values from `from` to `to` (exact decimals: from + (to − from)·i/(steps − 1)). */
export function sweepValues(from: Dec, to: Dec, steps: number): Dec[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_SWEEP_STEPS) throw new ParamsError(`steps: ${steps} is not an integer in 1..${MAX_SWEEP_STEPS}`);
  if (steps === 1) {
    if (!from.eq(to)) throw new ParamsError('steps: 1 step needs from = to');
    return [from];
  }
  const span = to.minus(from);
  return Array.from({ length: steps }, (_, i) => (i === steps - 1 ? to : from.plus(span.times(i).div(steps - 1))));
}

function pointOf(value: Dec, r: MarginResultDto): SweepPointDto {
  const byCurrency: SweepPointDto['byCurrency'] = {};
  for (const [ccy, c] of Object.entries(r.byCurrency)) byCurrency[ccy] = { initialMargin: c.initialMargin, maintenanceMargin: c.maintenanceMargin };
  return { value: toDecimalString(value), initialMarginUsd: r.totals.initialMarginUsd, maintenanceMarginUsd: r.totals.maintenanceMarginUsd, bindingAddOn: bindingAddOn(r), byCurrency };
}

/** An error of the book or market (reported per method), as against a bad request (thrown). */
function isBookError(e: unknown): boolean {
  return e instanceof MarginInputError || (e instanceof Error && e.name !== 'ParamsError' && /Error$/.test(e.name) && !['Error', 'TypeError', 'RangeError'].includes(e.name));
}

function sweepMethod(m: MarginMethod, input: MarginInput, market: ReturnType<typeof toMarketView>, base: unknown, path: string, values: readonly Dec[]): SweepMethodDto {
  const declared = findNumericParam(m.numericParams, path)!;
  // A bad base set is a bad request: every bad field of it, named. A file's text (a PC-SPAN or
  // price-history file) has no JSON path to set: refused rather than swept over the defaults.
  if (base !== undefined && base !== null && !isPlainObject(base)) throw new ParamsError(`parameters of ${m.id}: a sweep sets a path in a JSON parameter set; this one is ${typeof base === 'string' ? 'a file\'s text' : 'not an object'}`);
  const resolved = m.parseParams(base);
  const sets = values.map((v) => {
    const json = withParamAt(base, resolved, path, v.toNumber());
    // Cross-field rules (TIMS: an even number of valuation points) are the method's: named with the value.
    try { m.parseParams(json); } catch (e) {
      if (e instanceof ParamsError) throw new ParamsError(e.problems.map((p) => `${path} = ${toDecimalString(v)}: ${p}`));
      throw e;
    }
    return json;
  });
  try {
    return withScenarioReuse((counts) => {
      // Figures only: a point reads IM/MM and the add-ons (`pointOf`), so runs may skip their explanation.
      const run = m.sweeper?.(market, input, sets) ?? ((json: unknown) => m.run({ input, market, params: json, account: false, marginal: false, summary: true }));
      const points = sets.map((json, i) => pointOf(values[i], run(json)));
      return { methodId: m.id, ok: true as const, declared: declared.path, bound: boundText(declared.bound), scenarioBuilds: counts.built, scenarioReuses: counts.reused, points };
    });
  } catch (e) {
    if (isBookError(e)) return { methodId: m.id, ok: false, error: (e as Error).message };
    throw e;
  }
}

/**
 * Sweep `req.param` from `req.from` to `req.to` for every requested method that declares it.
 * Throws `ParamsError` naming the parameter and its bound for a bad value or path, when no
 * requested method has the parameter, or for an unknown method; a method that cannot run on the
 * book is reported in its entry (`ok: false`).
 */
export function runSweep(req: SweepRequest): SweepResultDto {
  const methods = req.methodIds.map((id) => {
    const m = marginMethod(id);
    if (!m) throw new ParamsError(`method: unknown margin method "${id}" (known: ${Object.keys(MARGIN_METHODS).join(', ')})`);
    return m;
  });
  parsePath(req.param);
  const having = methods.filter((m) => findNumericParam(m.numericParams, req.param));
  if (having.length === 0) {
    const known = methods.map((m) => `${m.id}: ${m.numericParams.map((p) => p.path).join(', ') || '(none)'}`).join('; ');
    throw new ParamsError(`${req.param}: no requested method has this numeric parameter (${known})`);
  }
  // The range is checked against each method's bound (they may differ): both ends and every point.
  let from: Dec | undefined, to: Dec | undefined;
  for (const m of having) {
    const p = findNumericParam(m.numericParams, req.param)!;
    const where = methods.length > 1 ? `${req.param} (${m.id})` : req.param;
    // The refusal names the request field too (`from: general.mm_factor: -1e400 is outside (0, 1]`).
    from = decimalInBound(`from: ${where}`, p, req.from);
    to = decimalInBound(`to: ${where}`, p, req.to);
  }
  const values = sweepValues(from!, to!, req.steps);
  for (const m of having) {
    const p = findNumericParam(m.numericParams, req.param)!;
    for (const v of values) decimalInBound(methods.length > 1 ? `${req.param} (${m.id})` : req.param, p, v.toFixed());
  }
  const market = toMarketView(req.snapshot);
  const input = parseMarginInput(req.portfolio);
  return {
    param: req.param, from: toDecimalString(from!), to: toDecimalString(to!), steps: values.length, values: values.map(toDecimalString),
    asOf: new Date(market.asOfMs).toISOString(),
    methods: having.map((m) => sweepMethod(m, input, market, req.params?.[m.id], req.param, values)),
    skipped: methods.filter((m) => !having.includes(m)).map((m) => ({ methodId: m.id, reason: `no parameter ${req.param}` })),
  };
}
