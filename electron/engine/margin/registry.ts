/**
 * The margin-method table and the one entry point the app service, the CLI and the bench call.
 * Each method lives in `methods/<id>/` and implements `MarginMethod` (method-contract.ts); this
 * table is the only place that lists them, and no method id is written outside its folder
 * (`registry.test.ts` greps for it).
 */
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import { parseMarketSnapshot } from '../market-data';
import type { MarketView } from '../scenarios/market-view';
import { parseMarginInput, MarginInputError, type MarginInput, type PortfolioLike } from './margin-input';
import type { MethodParamDto, MethodParamsDto } from '../../../shared/ipc/method-params';
import { Dec } from '../money';
import type { MarginMethod, MethodListEntry } from './method-contract';
import { paramValueAt, withParamAt } from './numeric-params';
import { boundText } from './params';
import { deribitPmCrossMethod, deribitPmMethod } from './methods/deribit-pm';
import { deribitSmMethod } from './methods/deribit-sm';
import { derivePm2Method } from './methods/derive-pm2';
import { hvarMethod } from './methods/hvar';
import { linearShockMethod } from './methods/linear-shock';
import { okxPmMethod } from './methods/okx-pm';
import { spanMethod } from './methods/span';
import { timsMethod } from './methods/tims';

export type { MarginMethod, MethodRunInput } from './method-contract';

/** The method table, keyed by id, in the order the app lists them. */
export const MARGIN_METHODS: Readonly<Record<string, MarginMethod>> = Object.freeze(
  Object.fromEntries([deribitPmMethod, deribitPmCrossMethod, deribitSmMethod, derivePm2Method, spanMethod, okxPmMethod, timsMethod, hvarMethod, linearShockMethod].map((m) => [m.id, m])),
);

/** The method registered under `id`, or undefined. */
export function marginMethod(id: string): MarginMethod | undefined {
  return Object.hasOwn(MARGIN_METHODS, id) ? MARGIN_METHODS[id] : undefined;
}

/** A finite end of a range as JSON (±∞ → null). */
const end = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * The default value at a concrete path as plain decimal text, or null. A block the defaults leave
 * out (Deribit's `currency_pair.btc_usd`: missing pairs take the documented default pair) is read
 * from the parse of a set giving that block empty, i.e. filled in by the method's own fallback.
 */
function defaultText(m: MarginMethod, defaults: unknown, path: string): string | null {
  let x = paramValueAt(defaults, path);
  if (x === undefined && path.includes('.')) {
    try {
      x = paramValueAt(m.parseParams(withParamAt({}, defaults, path.slice(0, path.lastIndexOf('.')), {})), path);
    } catch { x = undefined; }
  }
  return typeof x === 'number' && Number.isFinite(x) ? new Dec(x).toFixed() : null;
}

const paramInfo = new Map<string, MethodParamsDto>();

/** `m`'s numeric parameters with ranges, defaults and their source (computed once per method). */
export function methodParams(m: MarginMethod): MethodParamsDto {
  let info = paramInfo.get(m.id);
  if (!info) {
    const defaults = m.numericParams.length > 0 ? m.parseParams(undefined) : undefined;
    info = {
      source: m.paramsSource,
      params: m.numericParams.map((p): MethodParamDto => ({
        path: p.path, example: p.example, min: end(p.bound.min), max: end(p.bound.max),
        minOpen: p.bound.minOpen === true, maxOpen: p.bound.maxOpen === true, integer: p.bound.integer === true,
        range: boundText(p.bound), default: defaultText(m, defaults, p.example),
      })),
    };
    paramInfo.set(m.id, info);
  }
  return info;
}

/** `{id, label, role, savingAgainst?, parameters}` of every method, in table order. */
export function marginMethodList(): MethodListEntry[] {
  return Object.values(MARGIN_METHODS).map((m) => {
    const e: MethodListEntry = { id: m.id, label: m.label, role: m.role, parameters: methodParams(m) };
    if (m.savingAgainst !== undefined) e.savingAgainst = m.savingAgainst;
    return e;
  });
}

/** A request to {@link runMargin}. `snapshot` is a parsed market view or the snapshot JSON (product.md). */
export interface MarginRunRequest {
  methodId: string;
  portfolio: PortfolioLike;
  snapshot: MarketView | unknown;
  params?: unknown;
  account?: boolean;
  marginal?: boolean;
}

function isMarketView(x: unknown): x is MarketView {
  return typeof x === 'object' && x !== null && typeof (x as MarketView).index === 'function' && typeof (x as MarketView).asOfMs === 'number';
}

/** Parse a snapshot (JSON or an already-built view). */
export function toMarketView(snapshot: unknown): MarketView {
  return isMarketView(snapshot) ? snapshot : parseMarketSnapshot(snapshot);
}

/**
 * Run one margin method on a portfolio against a market snapshot and return the explained,
 * JSON-safe result. Throws `MarginInputError` (bad book or market data), `ParamsError` (bad
 * parameters) or an `Error` naming an unknown method.
 */
export function runMargin(req: MarginRunRequest): MarginResultDto {
  const method = marginMethod(req.methodId);
  if (!method) throw new MarginInputError(`unknown margin method "${req.methodId}" (known: ${Object.keys(MARGIN_METHODS).join(', ')})`);
  const market = toMarketView(req.snapshot);
  const input = parseMarginInput(req.portfolio);
  return method.run({ input, market, params: req.params, account: req.account ?? true, marginal: req.marginal ?? true });
}

/** One run of {@link runMargins}: a method and its parameter set (undefined: the defaults). */
export interface MethodRun { methodId: string; params?: unknown }

/** One method of {@link runMargins}: its result, or what `runMargin` would have thrown. */
export type MarginRunOutcome = { methodId: string; ok: true; result: MarginResultDto } | { methodId: string; ok: false; error: unknown };

/**
 * `runMargin` of each of `runs` on one book (issue 10 §3: every method side by side), with
 * the book and the market parsed once for all of them instead of once per method: methods only
 * read the parse (the service's sessions share one the same way, method-session.ts), so each
 * result is the one `runMargin` returns. Each outcome is that method's result or the error
 * `runMargin` throws for it, checked in the same order: an unknown id, then the market, then the
 * book (those two the same for every method), then the method's own (parameters, pricing). A
 * method may be listed more than once (a report's two parameter sets); `account`/`marginal` as
 * `runMargin`'s.
 */
export function runMargins(runs: readonly MethodRun[], portfolio: PortfolioLike, snapshot: MarketView | unknown, opts: { account?: boolean; marginal?: boolean } = {}): MarginRunOutcome[] {
  let parsed: { market: MarketView; input: MarginInput } | { error: unknown } | undefined;
  const parse = () => {
    if (parsed) return parsed;
    try {
      const market = toMarketView(snapshot);
      parsed = { market, input: parseMarginInput(portfolio) };
    } catch (error) { parsed = { error }; }
    return parsed;
  };
  return runs.map(({ methodId, params }): MarginRunOutcome => {
    try {
      const method = marginMethod(methodId);
      if (!method) return { methodId, ok: false, error: new MarginInputError(`unknown margin method "${methodId}" (known: ${Object.keys(MARGIN_METHODS).join(', ')})`) };
      const p = parse();
      if ('error' in p) return { methodId, ok: false, error: p.error };
      return { methodId, ok: true, result: method.run({ input: p.input, market: p.market, params, account: opts.account ?? true, marginal: opts.marginal ?? true }) };
    } catch (error) {
      return { methodId, ok: false, error };
    }
  });
}

/** The engine as the app service's `MarginEngine` port sees it. */
export const marginEngine = {
  methods: marginMethodList,
  run: (methodId: string, portfolio: PortfolioLike, snapshotJson: unknown): MarginResultDto => runMargin({ methodId, portfolio, snapshot: snapshotJson }),
};
