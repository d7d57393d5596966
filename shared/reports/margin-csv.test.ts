/** Margin CSV reports: exact strings copied, RFC 4180 quoting, one row per position in book order. */
import { describe, expect, it } from 'vitest';
import type { MarginResultDto } from '../domain/dto/margin-result.dto';
import type { MethodOutcomeDto } from '../domain/dto/margin-run.dto';
import type { PortfolioDto } from '../domain/dto/portfolio.dto';
import { csvCell, marginResultCsv, marginRunCsv, positionsReportCsv } from './margin-csv';

const result: MarginResultDto = {
  method: 'deribit-pm', methodVersion: '2024', parameterSet: { name: 'p', version: '1' }, asOf: '2026-11-24T08:00:00.000Z', mode: 'segregated',
  byCurrency: {
    BTC: {
      currency: 'BTC', initialMargin: '0.157461562000000000001', maintenanceMargin: '0.12596925', initialMarginUsd: '15196.2', maintenanceMarginUsd: '12156.9', usdRate: 96512.37,
      addOns: { worstCase: '0.152464127', rollShock: '0.004997435', deltaShock: '0' },
      bindingScenario: { group: 'BTC_BTC', index: 8, id: 'std-9-up', label: '+16%, vol up', table: 'standard', move: 0.16, side: 'right', preAggregated: '-0.15', aggregated: '-0.152464127' },
      vector: [], groups: [], underlyings: [],
      contributions: [
        { positionId: 'p2', instrument: 'BTC-PERPETUAL', size: '-1000', group: 'BTC_BTC', pnlInBinding: '-0.1', marginalInitialMargin: '0.11' },
        { positionId: 'p1', instrument: 'BTC-25DEC26-100000-C', size: '-2.5', group: 'BTC_BTC', pnlInBinding: '-0.052464127', marginalInitialMargin: '0.06' },
      ],
    },
  },
  totals: { initialMarginUsd: '15196.2', maintenanceMarginUsd: '12156.9' }, notes: [],
};
const book: PortfolioDto = {
  id: 'b', name: 'B', balances: [],
  positions: [
    { id: 'p1', instrument: 'BTC-25DEC26-100000-C', size: '-2.5', note: 'covered, "overlay"' },
    { id: 'p2', instrument: 'BTC-PERPETUAL', size: '-1000', averagePrice: '96000.5' },
    { id: 'p3', instrument: 'ETH-PERPETUAL', size: '7' },
  ],
};

describe('margin CSV reports', () => {
  it('quotes only what needs quoting', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(csvCell('-0.000000001')).toBe('-0.000000001');
    expect(csvCell(null)).toBe('');
  });

  it('a result keeps every decimal string exactly', () => {
    const lines = marginResultCsv(result).trimEnd().split('\n');
    expect(lines[0]).toBe('section,currency,key,label,value,value2');
    expect(lines[1]).toBe('margin,BTC,initialMargin,IM,0.157461562000000000001,15196.2');
    expect(lines).toContain('binding,BTC,std-9-up,"+16%, vol up",-0.152464127,-0.15');
    expect(lines).toContain('position,BTC,p1,BTC-25DEC26-100000-C,-0.052464127,0.06');
  });

  it('a run has a method column and an error row for a failed method', () => {
    const outcomes: MethodOutcomeDto[] = [{ methodId: 'deribit-pm', ok: true, result }, { methodId: 'deribit-sm', ok: false, error: 'no vol for "X", sorry' }];
    const lines = marginRunCsv(outcomes).trimEnd().split('\n');
    expect(lines[0]).toBe('method,section,currency,key,label,value,value2');
    expect(lines[1]).toBe('deribit-pm,margin,BTC,initialMargin,IM,0.157461562000000000001,15196.2');
    expect(lines.at(-1)).toBe('deribit-sm,error,,,,"no vol for ""X"", sorry",');
  });

  it('the positions report has one row per position in book order, empty where a method did not margin it', () => {
    const outcomes: MethodOutcomeDto[] = [{ methodId: 'deribit-pm', ok: true, result }, { methodId: 'deribit-sm', ok: false, error: 'x' }];
    expect(positionsReportCsv(book, outcomes)).toBe([
      'id,instrument,size,averagePrice,note,deribit-pm:group,deribit-pm:pnlInBinding,deribit-pm:marginalIM,deribit-sm:group,deribit-sm:pnlInBinding,deribit-sm:marginalIM',
      'p1,BTC-25DEC26-100000-C,-2.5,,"covered, ""overlay""",BTC_BTC,-0.052464127,0.06,,,',
      'p2,BTC-PERPETUAL,-1000,96000.5,,BTC_BTC,-0.1,0.11,,,',
      'p3,ETH-PERPETUAL,7,,,,,,,,',
      '',
    ].join('\n'));
  });
});
