/**
 * The margin-method table and the one entry point the app service, the CLI and the bench call.
 * Methods: `deribit-pm` (S:PM), `deribit-pm-cross` (X:PM-style, USD), `deribit-sm` (standard
 * margin), `linear-shock` (placeholder: worst loss of a ±10 % move on delta-one positions).
 */
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import { parseMarketSnapshot } from '../market-data';
import type { MarketView } from '../scenarios/market-view';
import { parseMarginInput, MarginInputError, type MarginInput, type PortfolioLike } from './margin-input';
import { runDeribitPm } from './run-deribit-pm';
import { runDeribitSm } from './run-deribit-sm';
import { runLinearShock } from './run-linear-shock';

/** What every method run receives. */
export interface MethodRunInput {
  input: MarginInput;
  market: MarketView;
  params?: unknown;
  /** Include the account view (root searches; default true). */
  account: boolean;
  /** Include per-position marginal margin (default true). */
  marginal: boolean;
}

/** One margin method. */
export interface MarginMethod {
  id: string;
  label: string;
  version: string;
  run(req: MethodRunInput): MarginResultDto;
}

/** The method table, keyed by id. */
export const MARGIN_METHODS: Readonly<Record<string, MarginMethod>> = Object.freeze({
  'deribit-pm': { id: 'deribit-pm', label: 'Deribit-style portfolio margin (S:PM)', version: '2024', run: (r) => runDeribitPm(r, 'segregated') },
  'deribit-pm-cross': { id: 'deribit-pm-cross', label: 'Deribit-style cross portfolio margin (X:PM, USD)', version: '2024', run: (r) => runDeribitPm(r, 'cross') },
  'deribit-sm': { id: 'deribit-sm', label: 'Deribit-style standard margin', version: '2022-01', run: runDeribitSm },
  'linear-shock': { id: 'linear-shock', label: 'Placeholder: worst loss of a ±10 % move on delta-one positions', version: '1', run: runLinearShock },
});

/** `{id, label}` of every method, in table order. */
export function marginMethodList(): { id: string; label: string }[] {
  return Object.values(MARGIN_METHODS).map((m) => ({ id: m.id, label: m.label }));
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
  const method = MARGIN_METHODS[req.methodId];
  if (!method) throw new MarginInputError(`unknown margin method "${req.methodId}" (known: ${Object.keys(MARGIN_METHODS).join(', ')})`);
  const market = toMarketView(req.snapshot);
  const input = parseMarginInput(req.portfolio);
  return method.run({ input, market, params: req.params, account: req.account ?? true, marginal: req.marginal ?? true });
}

/** The engine as the app service's `MarginEngine` port sees it. */
export const marginEngine = {
  methods: marginMethodList,
  run: (methodId: string, portfolio: PortfolioLike, snapshotJson: unknown): MarginResultDto => runMargin({ methodId, portfolio, snapshot: snapshotJson }),
};
