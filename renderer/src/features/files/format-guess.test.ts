import { describe, expect, it } from 'vitest';
import { guessPositionFormat, headerColumns } from './format-guess';

describe('guessPositionFormat', () => {
  it.each([
    // A Deribit export needs only instrument_name and size; direction and average_price are optional.
    ['deribit.csv', 'instrument_name,size\nBTC-PERPETUAL,100\n', 'deribit'],
    ['deribit.csv', 'instrument_name,size,average_price\nBTC-PERPETUAL,100,1\n', 'deribit'],
    ['deribit.csv', '\uFEFF"Instrument_Name";"Size";"Direction"\r\nBTC-PERPETUAL;100;buy\r\n', 'deribit'],
    ['okx.csv', 'instId,pos,posSide,avgPx\nBTC-USD-SWAP,1,net,1\n', 'okx'],
    ['bybit.csv', 'symbol,side,size,avgPrice,positionValue\nBTCUSDT,Buy,1,1,1\n', 'bybit'],
    ['bybit.csv', 'symbol\tside\tsize\nBTCUSDT\tBuy\t1\n', 'bybit'],
    ['book.json', '{"name":"x","positions":[]}', 'json'],
    ['book.txt', '  {"name":"x","positions":[]}', 'json'],
    // Not a venue's full column set: mapped by hand.
    ['mine.csv', 'instrument,qty\nBTC-PERPETUAL,1\n', 'generic'],
    ['mine.csv', 'instrument_name,qty\nBTC-PERPETUAL,1\n', 'generic'],
    ['mine.csv', 'symbol,size\nBTCUSDT,1\n', 'generic'],
    ['empty.csv', '', 'generic'],
  ] as const)('%s %j → %s', (name, text, want) => {
    expect(guessPositionFormat(name, text)).toBe(want);
  });

  it('reads the header from the first non-blank line, unquoted and lower-cased', () => {
    expect(headerColumns('\n\n "A" ; b ;C\n1;2;3')).toEqual(['a', 'b', 'c']);
  });
});
