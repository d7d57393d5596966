/**
 * A calculator re-marked at another market where only some instruments' inputs changed (the
 * market editor's preview, issue 13 §3): rows of the instruments `affected` names are priced
 * afresh at `market`, every other row and its base facts are copied, and the aggregated sizes are
 * carried over (one position per row, holding the row's size, as `subBookPm` builds its
 * calculators). Rows keep their order (the instruments' first appearance in the book), so every
 * group sums the same rows in the same order, and each row is priced by the same operations on
 * the same inputs as in a fresh `buildPm` at `market` (`RiskArrays.ensure` equals `ensureAll`'s
 * paired pricing; the rows copied read no input that changed, see `marketDelta`): margins, add-ons
 * and binding scenarios equal a fresh run's to the last bit. Positions are the rows', not the
 * book's: no per-position explanation or marginal margin. The result can be re-marked again.
 * `pm` must hold a position on every row (a `buildPm` calculator or one made here; not one
 * positions were removed from).
 */
import type { MarketView } from '../../../scenarios/market-view';
import type { MarginInstrument } from '../../margin-instrument';
import { DeribitPm } from './deribit-pm';

/** `pm`'s book at `market`, re-pricing only the instruments `affected` returns true for; the count re-priced. */
export function remarkPm(pm: DeribitPm, market: MarketView, affected: (inst: MarginInstrument) => boolean): { pm: DeribitPm; repriced: number } {
  const next = new DeribitPm(market, pm.params, pm.mode);
  const { arrays, book } = pm;
  let repriced = 0;
  const n = arrays.size;
  for (let r = 0; r < n; r++) {
    const base = arrays.bases[r];
    if (affected(base.inst)) {
      next.prepare([base.inst]);
      repriced++;
    } else next.adoptPriced(base, arrays.row(r));
  }
  // The shortest text of a float reads back as that float (−0 kept).
  const text = (x: number) => (Object.is(x, -0) ? '-0' : String(x));
  next.reserve(n);
  for (let r = 0; r < n; r++) {
    next.addNewPosition(`row:${r}`, arrays.bases[r].inst, text(book.rowSize(r)));
  }
  return { pm: next, repriced };
}
