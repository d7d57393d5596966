/**
 * The generic session cache (method-session.ts) with a parameter set that changes what a method's
 * book holds: SPAN with clearing-house file arrays for some instruments (those positions are not
 * revalued, so the kept book holds only the others — book-session.ts `enters`). Random edits move
 * positions onto and off the file instruments; every result deep-equals a fresh `runMargin`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PortfolioDto } from '../../shared/domain/dto/portfolio.dto';
import { runMargin } from '../engine/margin/registry';
import { syntheticMarket, syntheticPositions } from '../engine/margin/synthetic-book';
import { MethodSessionCache } from './method-session';

const SYN = syntheticMarket(['BTC', 'ETH'], 12);
const SYMBOLS = [...SYN.options, ...SYN.deltaOne];
const RA = [0, 0, -3330, -3330, 3330, 3330, -6670, -6670, 6670, 6670, -10000, -10000, 10000, 10000, -7000, 7000];
// Every fifth instrument margined from a file array (SPAN-signed, loss positive).
const FILE = SYMBOLS.filter((_, i) => i % 5 === 0);
const PARAMS = { riskArrays: Object.fromEntries(FILE.map((s, i) => [s, { ra: RA.map((x) => x * (1 + i / 10)), delta: 0.5 }])) };

function outcome(f: () => unknown): unknown {
  try { return { ok: JSON.parse(JSON.stringify(f())) }; } catch (e) { return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }; }
}

describe('generic sessions with a parameter set', () => {
  it('span with file risk arrays: edits onto and off file instruments equal fresh runs', () => {
    const cache = new MethodSessionCache(2);
    let nextId = 0;
    const step = fc.record({ kind: fc.constantFrom('size', 'instrument', 'toFile', 'append', 'remove'), at: fc.nat(500), sym: fc.nat(SYMBOLS.length - 1), size: fc.integer({ min: -50, max: 50 }) });
    fc.assert(fc.property(fc.integer({ min: 5, max: 40 }), fc.nat(), fc.array(step, { minLength: 1, maxLength: 8 }), (n, seed, steps) => {
      let book: PortfolioDto = { id: `span-${seed}`, name: 'b', balances: [], positions: syntheticPositions(SYMBOLS, n, seed) };
      const run = () => {
        const fresh = outcome(() => runMargin({ methodId: 'span', portfolio: book, snapshot: SYN.market, params: PARAMS, account: false, marginal: true }));
        const mine = outcome(() => cache.run({ methodId: 'span', portfolio: book, snapshotJson: SYN.market, params: PARAMS, account: false, marginal: true, snapshotKey: 'syn', paramsKey: 'files' }));
        expect(mine).toEqual(fresh);
      };
      run();
      for (const s of steps) {
        const ps = [...book.positions];
        const k = ps.length ? s.at % ps.length : 0;
        if (s.kind === 'size' && ps.length) ps[k] = { ...ps[k], size: String(s.size / 4) };
        else if (s.kind === 'instrument' && ps.length) ps[k] = { ...ps[k], instrument: SYMBOLS[s.sym] };
        else if (s.kind === 'toFile' && ps.length) ps[k] = { ...ps[k], instrument: FILE[s.sym % FILE.length] };
        else if (s.kind === 'append') ps.push({ id: `n${nextId++}`, instrument: SYMBOLS[s.sym], size: String(s.size) });
        else if (s.kind === 'remove' && ps.length) ps.splice(k, 1);
        book = { ...book, positions: ps };
        run();
      }
    }), { numRuns: 40 });
    expect(cache.stats.hits).toBeGreaterThan(40);
  });
});
