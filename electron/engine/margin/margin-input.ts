/**
 * Normalised margin input: the portfolio's positions parsed (symbol → instrument, size → exact
 * decimal) and its balances, with spot positions folded into balances (a spot holding is
 * collateral in its own currency, not a risk-array row). Errors name the offending item.
 */
import { Dec, parseDecimal, DecimalParseError } from '../money';
import type { PortfolioDto } from '../../../shared/domain/dto/portfolio.dto';
import { IdTable } from './id-table';
import { resolveMarginInstrument } from './instrument-adapter';
import type { MarginInstrument } from './margin-instrument';

/** A user input problem (bad symbol, bad size, missing market data); the message names the item. */
export class MarginInputError extends Error {
  constructor(message: string) { super(message); this.name = 'MarginInputError'; }
}

/** One parsed position. */
export interface MarginPosition {
  id: string;
  inst: MarginInstrument;
  size: Dec;
  /** The size as given (canonical text is reused in explanations). */
  sizeText?: string;
  averagePrice?: Dec;
}

/** Parsed portfolio. */
export interface MarginInput {
  positions: MarginPosition[];
  /** Collateral per currency (balances + spot positions), upper-case currency codes. */
  balances: Map<string, Dec>;
}

/** Portfolio as accepted by the engine: the DTO, with `id` optional on positions (files). */
export type PortfolioLike = Omit<PortfolioDto, 'id' | 'positions' | 'balances'> & {
  id?: string;
  balances?: PortfolioDto['balances'];
  positions: (Omit<PortfolioDto['positions'][number], 'id'> & { id?: string })[];
};

/** Parse and validate a portfolio. Zero-size positions are kept (they explain as zero). */
export function parseMarginInput(p: PortfolioLike): MarginInput {
  if (!p || !Array.isArray(p.positions)) throw new MarginInputError('portfolio.positions: expected an array');
  const balances = new Map<string, Dec>();
  const addBal = (ccy: string, amt: Dec) => balances.set(ccy, (balances.get(ccy) ?? new Dec(0)).plus(amt));
  (p.balances ?? []).forEach((b, i) => {
    if (!b || typeof b.currency !== 'string' || b.currency.trim() === '') throw new MarginInputError(`balances[${i}].currency: expected a currency code`);
    addBal(b.currency.trim().toUpperCase(), dec(`balances[${i}].amount`, b.amount));
  });
  // Sized up front and filled by index (spot rows are skipped: trimmed at the end).
  const positions: MarginPosition[] = new Array<MarginPosition>(p.positions.length);
  let kept = 0;
  // Ids of the positions kept so far (an IdTable: a 20,000-entry Set costs milliseconds to fill).
  const seen = new IdTable((k) => positions[k].id, p.positions.length);
  p.positions.forEach((row, i) => {
    if (!row || typeof row.instrument !== 'string') throw new MarginInputError(`${where(i)}.instrument: expected a symbol`);
    let inst: MarginInstrument;
    try { inst = resolveMarginInstrument(row.instrument.trim()); } catch (e) {
      throw new MarginInputError(`${where(i)}.instrument: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (inst.kind === 'spot') { addBal(inst.underlying.toUpperCase(), dec(`${where(i)}.size`, row.size)); return; }
    const id = row.id ?? `p${i + 1}`;
    // Indexed at its slot before the position is made (a failure below ends the parse anyway).
    if (seen.insertIfAbsent(id, kept) >= 0) throw new MarginInputError(`${where(i)}.id: duplicate id ${JSON.stringify(id)}`);
    const averagePrice = row.averagePrice === undefined ? undefined : dec(`${where(i)}.averagePrice`, row.averagePrice);
    positions[kept++] = lazyPosition(id, inst, i, row.size, averagePrice);
  });
  positions.length = kept;
  return { positions: markIdsUnique(positions), balances };
}

/** Where a position row is, for messages (built only on error paths: 20,000 rows would otherwise allocate a string each). */
function where(i: number): string {
  return `positions[${i}]`;
}

/** Position lists whose ids are known to be distinct (parsed here, or subsets of such lists). */
const UNIQUE_IDS = new WeakSet<readonly MarginPosition[]>();

/** Whether every id of `positions` is known to be distinct (see {@link markIdsUnique}). */
export function idsUnique(positions: readonly MarginPosition[]): boolean {
  return UNIQUE_IDS.has(positions);
}

/** Record that `positions` has distinct ids (a parsed list or a subset of one); returns it. */
export function markIdsUnique<T extends readonly MarginPosition[]>(positions: T): T {
  UNIQUE_IDS.add(positions);
  return positions;
}

/** Plain decimal text with an integer part of at most 15 digits: validated without decimal.js. */
const PLAIN_SHORT = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,15})?$/;

/**
 * A position whose exact `size` decimal is built on first use: books of 20,000 rows mostly need
 * only the text (kernel floats and exact row sums come from it, see exact-sum.ts).
 */
function lazyPosition(id: string, inst: MarginInstrument, i: number, raw: unknown, averagePrice?: Dec): MarginPosition {
  // PLAIN_SHORT is a subset of what parseDecimal accepts (integer part ≤ 15 digits ⇒ |x| < 1e15).
  if (typeof raw === 'string' && PLAIN_SHORT.test(raw)) {
    return new LazyPosition(id, inst, raw, averagePrice);
  }
  const size = dec(`${where(i)}.size`, raw);
  return { id, inst, size, sizeText: typeof raw === 'string' ? raw : undefined, averagePrice };
}

/**
 * `p.sizeText` where it is exactly `p.size`, else undefined: a parsed position's own text is known
 * to be (its decimal is built from it, nothing is parsed here); any other position is compared
 * (`size.eq`, as before: a copy with another size, e.g. what-if's `{...p, size}`, keeps the old text).
 */
export function exactSizeText(p: MarginPosition): string | undefined {
  if (p instanceof LazyPosition) return p.sizeText;
  return p.sizeText !== undefined && p.size.eq(p.sizeText) ? p.sizeText : undefined;
}

/** `p.size.toNumber()`; for a parsed position the float of its text (the same correctly rounded value) without building the decimal. */
export function sizeNumber(p: MarginPosition): number {
  return p instanceof LazyPosition ? Number(p.sizeText) : p.size.toNumber();
}

class LazyPosition implements MarginPosition {
  private exact: Dec | undefined;
  constructor(readonly id: string, readonly inst: MarginInstrument, readonly sizeText: string, readonly averagePrice?: Dec) {}
  get size(): Dec { return (this.exact ??= new Dec(this.sizeText)); }
}

function dec(where: string, v: unknown): Dec {
  try { return parseDecimal(v); } catch (e) {
    if (e instanceof DecimalParseError) throw new MarginInputError(`${where}: ${e.reason}`);
    throw e;
  }
}
