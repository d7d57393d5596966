/**
 * The columns path gives the very strings of the full result's `contributions`: the working
 * session formats only rows whose floats moved, so its texts must be the DTO's, entry for entry.
 */
import { describe, expect, it } from 'vitest';
import { runMargin, toMarketView } from './registry';
import { parseMarginInput } from './margin-input';
import { syntheticMarket, syntheticPositions } from './synthetic-book';
import { buildPm } from './methods/deribit-pm/run-deribit-pm';
import { deribitPmResultDto } from './methods/deribit-pm/deribit-pm-result';
import { pmContributionColumns } from './methods/deribit-pm/deribit-pm-explain';
import { resolveDeribitPmParams } from './methods/deribit-pm/deribit-params';
import { DERIBIT_PM_CROSS_ID, DERIBIT_PM_ID } from './methods/deribit-pm/id';
import { columnsOfResult, withoutContributions } from './contribution-columns';

const syn = syntheticMarket(['BTC', 'ETH', 'SOL'], 40);
const positions = [
  ...syntheticPositions(syn.options, 600, 11),
  { id: 'f1', instrument: 'BTC-PERPETUAL', size: '-25000' },
  { id: 'f2', instrument: 'ETH_USDC-PERPETUAL', size: '3.5' },
];
const book = { id: 'b', name: 'b', balances: [{ currency: 'BTC', amount: '12' }, { currency: 'USDC', amount: '100000' }], positions };

describe('contribution columns', () => {
  for (const [methodId, mode] of [[DERIBIT_PM_ID, 'segregated'], [DERIBIT_PM_CROSS_ID, 'cross']] as const) {
    it(`${methodId}: column texts are the full result's contributions, in order, and the rest of the result is unchanged`, () => {
      const full = runMargin({ methodId, portfolio: book, snapshot: syn.market, account: false, marginal: true });
      const pm = buildPm(toMarketView(syn.market), resolveDeribitPmParams(undefined), parseMarginInput(book), mode);
      const r = pm.compute({ marginal: true });
      const { columns } = pmContributionColumns(pm, r);
      const expected = columnsOfResult(full);
      expect(columns.count).toBe(expected.count);
      expect(columns.count).toBeGreaterThan(600);
      const got = Array.from({ length: columns.count }, (_, k) => [columns.id(k), columns.group(k), columns.pnlText(k), columns.marginalText(k)]);
      const want = Array.from({ length: expected.count }, (_, k) => [expected.id(k), expected.group(k), expected.pnlText(k), expected.marginalText(k)]);
      // Same entries; the DTO lists them per currency, the columns in book order.
      const key = (x: string[]) => x[0];
      expect([...got].sort((a, b) => (key(a) < key(b) ? -1 : 1))).toEqual([...want].sort((a, b) => (key(a) < key(b) ? -1 : 1)));
      expect(deribitPmResultDto(pm, r, false)).toEqual(withoutContributions(full));
    });
  }
});
