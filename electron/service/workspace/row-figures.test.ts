/**
 * MarkCache.carriedTo: the marks of instruments an edited market does not reach are kept, the
 * others re-marked; every position's figures equal those of a fresh cache at the edited market.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarketSnapshot } from '../../engine/market-data';
import { syntheticMarket, syntheticPositions } from '../../engine/margin/synthetic-book';
import { MarkCache, markFigures } from './row-figures';

const SYN = syntheticMarket(['BTC', 'ETH'], 41);
const POSITIONS = syntheticPositions([...SYN.options, ...SYN.deltaOne], 300, 7);
type Json = { underlyings: Record<string, { index: number; forwards: { price: number }[]; vols: { vol: number }[] }> };

describe('MarkCache.carriedTo', () => {
  it('after vol, forward and index edits every row\'s figures equal a fresh cache\'s, and untouched instruments keep their marks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ u: fc.constantFrom('BTC', 'ETH'), what: fc.constantFrom('vol', 'forward', 'index'), at: fc.nat(300), bump: fc.integer({ min: -25, max: 25 }).filter((b) => b !== 0) }), { minLength: 1, maxLength: 4 }),
        (edits) => {
          let json = structuredClone(SYN.market) as unknown as Json;
          let cache = new MarkCache(parseMarketSnapshot(json));
          for (const p of POSITIONS) markFigures(p, cache);
          let kept = 0;
          for (const e of edits) {
            json = structuredClone(json);
            const u = json.underlyings[e.u];
            if (e.what === 'vol') u.vols[e.at % u.vols.length].vol *= 1 + e.bump / 100;
            else if (e.what === 'forward') u.forwards[e.at % u.forwards.length].price *= 1 + e.bump / 1000;
            else u.index *= 1 + e.bump / 1000;
            const market = parseMarketSnapshot(json);
            const before = new Map(POSITIONS.map((p) => [p.instrument, cache.unit(p.instrument)]));
            cache = cache.carriedTo(market);
            const fresh = new MarkCache(market);
            for (const p of POSITIONS) {
              if (cache.unit(p.instrument) === before.get(p.instrument)) kept++;
              expect(markFigures(p, cache)).toEqual(markFigures(p, fresh));
            }
          }
          // A vol cell or one forward leaves most instruments untouched (an index edit re-marks its underlying).
          if (edits.some((e) => e.what !== 'index')) expect(kept).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
