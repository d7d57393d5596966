/**
 * The incremental session of `derive-pm2` (method-contract.ts `MethodSession`). A book's PMRM_2
 * portfolios (`collectPortfolios`, run-derive-pm2.ts) are a function of per-instrument facts
 * (an option's strike, type, vol and expiry; a delta-one instrument's price) and of each
 * instrument's summed size, and every scenario's revaluation is Σ unit value · amount over an
 * expiry's options (pm2-kernel.ts). So the session keeps:
 * - the built portfolios, with each position's slot: a size edit sets the slot's position and
 *   re-sums only its own instrument — the option's amount over that instrument's positions in
 *   book order, as `collectPortfolios` sums them (first size, then `+=` each next one), or the
 *   perp leg (`withPerps`) when a delta-one position changed;
 * - the unit values of every option at every revaluation (`Pm2UnitPrices`, by instrument symbol:
 *   one market, one parameter set), so no edit re-prices a kept instrument, and a new instrument
 *   prices only its own row.
 * A position added, removed or moved to another instrument rebuilds the portfolios from the
 * input (a walk of the book, no pricing of kept instruments): a fresh build then orders the
 * expiries, options and perp legs by first appearance, which the rebuild reproduces as it is the
 * same code. The kept build is handed to `runDerivePm2` (`withBuiltBook`), whose aggregation and
 * explanation are the fresh path's code over the same numbers: results equal a fresh run's
 * (method-session.property.test.ts).
 */
import type { MarketView } from '../../../scenarios/market-view';
import { sizeNumber, type MarginInput, type MarginPosition } from '../../margin-input';
import type { MethodSession } from '../../method-contract';
import { withBuiltBook } from '../../scenario-reuse';
import { resolveDerivePm2Params } from './derive-pm2-params';
import { Pm2UnitPrices } from './pm2-kernel';
import { collectPortfolios, derivePm2BuildKey, runDerivePm2, withPerps, type Built, type Slot } from './run-derive-pm2';

/** Where a position sits: its portfolio and slot. */
interface Place { b: Built; k: number }

/** A `derive-pm2` session at `market` with parameter set `json` (throws `ParamsError` on a bad set). */
export function derivePm2Session(market: MarketView, json: unknown): MethodSession {
  const params = resolveDerivePm2Params(json);
  const key = derivePm2BuildKey(params);
  const units = new Pm2UnitPrices(params);
  let built: Built[] | undefined;
  let at = new Map<string, Place>();
  /** Per portfolio, the slots of each option (`expiry:option`) in book order. */
  let optionSlots = new Map<Built, Map<string, number[]>>();
  /** A position added, removed or moved to another instrument since the last result. */
  let reshaped = false;
  /** Options (portfolio, `expiry:option`) and portfolios with a changed perp leg to re-sum. */
  const dirtyOptions = new Map<Built, Set<string>>();
  const dirtyPerps = new Set<Built>();

  const fill = (input: MarginInput): void => {
    built = undefined;
    const bs = collectPortfolios(market, params, input);
    at = new Map();
    optionSlots = new Map();
    for (const b of bs) {
      b.units = units;
      const bySlot = new Map<string, number[]>();
      b.slots.forEach((s, k) => {
        at.set(s.p.id, { b, k });
        if (s.kind !== 'option') return;
        const o = `${s.expiry}:${s.option}`;
        const list = bySlot.get(o);
        if (list) list.push(k); else bySlot.set(o, [k]);
      });
      optionSlots.set(b, bySlot);
    }
    built = bs;
  };

  /** Re-sum what the edits since the last result touched, as `collectPortfolios` sums it. */
  const resum = (): void => {
    for (const [b, os] of dirtyOptions) {
      for (const o of os) {
        const ks = optionSlots.get(b)!.get(o)!;
        const first = b.slots[ks[0]] as Extract<Slot, { kind: 'option' }>;
        let amount = sizeNumber(first.p);
        for (let j = 1; j < ks.length; j++) amount += sizeNumber(b.slots[ks[j]].p);
        b.pf.expiries[first.expiry].options[first.option].amount = amount;
      }
    }
    for (const b of dirtyPerps) b.pf = withPerps(b.pf, b.slots);
    dirtyOptions.clear();
    dirtyPerps.clear();
  };

  const set = (pos: MarginPosition): void => {
    if (!built || reshaped) return;
    const w = at.get(pos.id);
    if (!w) { reshaped = true; return; }
    const old = w.b.slots[w.k];
    if (old.p.inst.symbol !== pos.inst.symbol) { reshaped = true; return; }
    if (old.kind === 'option') {
      w.b.slots[w.k] = { p: pos, kind: 'option', expiry: old.expiry, option: old.option };
      let os = dirtyOptions.get(w.b);
      if (!os) { os = new Set(); dirtyOptions.set(w.b, os); }
      os.add(`${old.expiry}:${old.option}`);
    } else {
      // As `ofPosition`: an inverse one's USD size ÷ its price, in coins.
      const size = sizeNumber(pos);
      w.b.slots[w.k] = { p: pos, kind: 'perp', coins: pos.inst.settlement === 'inverse' ? size / old.price : size, price: old.price };
      dirtyPerps.add(w.b);
    }
  };

  return {
    set,
    remove: () => { reshaped = true; },
    result: ({ input, account, marginal }) => {
      try {
        if (!built || reshaped) fill(input); else resum();
      } catch (e) {
        built = undefined;
        throw e;
      } finally {
        reshaped = false;
        dirtyOptions.clear();
        dirtyPerps.clear();
      }
      return withBuiltBook(key, market, input, built, () => runDerivePm2({ input, market, params: json, account, marginal }));
    },
  };
}
