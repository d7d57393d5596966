/**
 * The incremental session (`MethodSession`, method-contract.ts) of a method whose built book is a
 * function of per-instrument scenario rows and per-row sizes held in `RiskBook`s (hvar, tims): the
 * session keeps the built book, applies each position change to its books (a size edit re-sums
 * one row and its group; a new instrument prices one row), and hands it to the method's own `run`
 * through `withBuiltBook` (scenario-reuse.ts), so aggregation and explanation are the fresh path's
 * code over the same numbers.
 *
 * A kept book equals a fresh build of the current input when (`freshShape`): it holds the same
 * positions in the same order; the instruments' rows ascend in the order the input first names
 * them (a group vector sums its rows in ascending order, and a fresh build numbers rows by first
 * appearance); every row and every group still holds a position (a fresh build has no row of an
 * instrument not held, nor an empty group) — so the rows are a fresh build's, row for row. When
 * the build key changes (e.g. a new underlying changes the scenario set) or the shape check fails
 * (an instrument no longer held, a moved first appearance), the session builds afresh.
 */
import type { MarginResultDto } from '../../../shared/domain/dto/margin-result.dto';
import type { MarketView } from '../scenarios/market-view';
import type { MarginInput, MarginPosition } from './margin-input';
import type { MethodRunInput, MethodSession } from './method-contract';
import type { RiskBook } from './risk-book';
import { withBuiltBook } from './scenario-reuse';

/** What a method gives `bookSession`. */
export interface BookSessionSpec<T> {
  /** The `reusableBuild` key the method's run computes for `input` (it must be the same text). */
  keyOf(input: MarginInput): string;
  /** A fresh build of `input` (what the run would build, outside any reuse scope). */
  fill(input: MarginInput): T;
  /** The books of a build whose shape `freshShape` checks. */
  books(b: T): readonly RiskBook[];
  /** Whether a position is entered in the books (default: all; SPAN leaves file-array positions out). */
  enters?(pos: MarginPosition): boolean;
  /** Apply one position's change to a build, as `fill` would have entered it. */
  set(b: T, pos: MarginPosition): void;
  remove(b: T, id: string): void;
  /** The build as `fill(input)` would make it, from the kept one (for parts not held in the books, e.g. net sizes); default: the kept one. */
  prepare?(b: T, input: MarginInput): T;
  /** The method's run (it reads the build through `reusableBuild`). */
  run(req: MethodRunInput): MarginResultDto;
}

/**
 * Whether `book` is what a fresh build of `positions` (entered in order) makes: same ids in the
 * same order, rows ascending in first-appearance order, no row and no group without a position.
 */
export function freshShape(book: RiskBook, positions: readonly MarginPosition[]): boolean {
  const held = book.allPositions();
  if (held.length !== positions.length) return false;
  const seen = new Uint8Array(book.arrays.size);
  const groups = new Set<string>();
  let last = -1;
  for (let i = 0; i < held.length; i++) {
    const p = held[i];
    if (p.id !== positions[i].id || p.inst.symbol !== positions[i].inst.symbol) return false;
    if (seen[p.row] === 1) continue;
    seen[p.row] = 1;
    if (p.row < last) return false;
    last = p.row;
    groups.add(p.groupKey);
  }
  return seen.every((x) => x === 1) && book.groups().length === groups.size;
}

/** A `MethodSession` over a method's built book (see the file comment). */
export function bookSession<T>(market: MarketView, json: unknown, spec: BookSessionSpec<T>): MethodSession {
  let built: { key: string; value: T } | undefined;
  /**
   * Whether a change since the last result may have moved the book's shape (a position added,
   * removed, or moved to another instrument); while only sizes changed, the positions, their rows
   * and the underlyings (so the key) are those already checked, and the checks are skipped.
   */
  let reshaped = false;
  /**
   * With `enters`: the positions left out of the books (id → instrument symbol) as last checked.
   * One of them set again on its own instrument and still left out changes neither the books nor
   * the key (a function of the book's instruments), so it does not count as a reshape.
   */
  let outside: Map<string, string> | undefined;
  const noteOutside = (input: MarginInput): void => {
    if (!spec.enters) return;
    outside = new Map();
    for (const p of input.positions) if (!spec.enters(p)) outside.set(p.id, p.inst.symbol);
  };
  return {
    set: (pos) => {
      if (!built) return;
      const was = outside?.get(pos.id);
      if (was !== undefined) {
        if (was !== pos.inst.symbol || spec.enters!(pos)) reshaped = true;
        spec.set(built.value, pos);
        return;
      }
      const held = spec.books(built.value)[0].getPosition(pos.id);
      if (!held || held.inst.symbol !== pos.inst.symbol) reshaped = true;
      spec.set(built.value, pos);
    },
    remove: (id) => { if (built) { reshaped = true; outside?.delete(id); spec.remove(built.value, id); } },
    result: ({ input, account, marginal, summary }) => {
      const sizesOnly = built !== undefined && !reshaped;
      reshaped = false;
      const key = sizesOnly ? built!.key : spec.keyOf(input);
      let value: T;
      if (!built || (!sizesOnly && (built.key !== key || !spec.books(built.value).every((b) => freshShape(b, spec.enters ? input.positions.filter(spec.enters) : input.positions))))) {
        built = undefined;
        outside = undefined;
        built = { key, value: spec.fill(input) };
        value = built.value;
        noteOutside(input);
      } else {
        value = spec.prepare ? spec.prepare(built.value, input) : built.value;
        if (!sizesOnly) noteOutside(input);
      }
      return withBuiltBook(key, market, input, value, () => spec.run({ input, market, params: json, account, marginal, ...(summary ? { summary } : {}) }));
    },
  };
}
