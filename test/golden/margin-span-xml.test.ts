/**
 * The PC-SPAN XML reader (`methods/span/pc-span-xml.ts`) on a synthetic 4.00 file written by hand
 * from the structure of shared margin-methods.md §4.5, and a book margined against it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarketView } from '../../electron/engine/scenarios/market-view';
import { runMargin } from '../../electron/engine/margin/registry';
import { SPAN_ID } from '../../electron/engine/margin/methods/span/id';
import { pmdeskSymbol, readPcSpanXml, spanFileToParams, SpanFileError, XmlError } from '../../electron/engine/margin/methods/span/pc-span-xml';

/** Hand-written from the documented structure (not a published file; see its header comment). */
const XML = readFileSync(join(__dirname, 'span-synthetic/synthetic-4.00.spn'), 'utf8');

/** The file with `from` replaced by `to` once (the replaced text must exist). */
function edit(from: string, to: string): string {
  expect(XML.includes(from)).toBe(true);
  return XML.replace(from, to);
}
function errorOf(xml: string): Error {
  try { readPcSpanXml(xml); } catch (e) { return e as Error; }
  throw new Error('no error');
}

describe('PC-SPAN XML reader (synthetic file, shared margin-methods.md §4.5)', () => {
  it('reads scan points, delta points, combined commodities and contracts with their arrays', () => {
    const f = readPcSpanXml(XML);
    expect(f.fileFormat).toBe('4.00');
    expect(f.clearingOrg).toBe('PMD');
    expect(f.scanPoints).toHaveLength(16);
    expect(f.scanPoints[14]).toEqual({ point: 15, priceScanDef: { mult: 2, numerator: 1, denominator: 1 }, volScanDef: { mult: 1, numerator: 0, denominator: 1 }, weight: 0.35 });
    expect(f.deltaPoints.map((d) => d.weight)).toEqual([0.037, 0.111, 0.217, 0.27, 0.217, 0.111, 0.037]);
    expect(f.ccDefs).toEqual([{ cc: 'BTC', currency: 'USD', pfLinks: [{ exch: 'PMD', pfCode: 'BTC' }], somRate: 250, line: 39 }]);
    expect(f.contracts.map((c) => [pmdeskSymbol(c), c.kind, c.delta, c.ra[12], c.line])).toEqual([
      ['BTC-25DEC26', 'future', 1, 10000, 49],
      ['BTC-25DEC26-100000-C', 'option', 0.55, 3380, 59],
    ]);
  });

  it('a book margined against the file: the McMillan covered write needs 6,620 (scenario 13)', () => {
    const params = spanFileToParams(readPcSpanXml(XML));
    const market: MarketView = { asOfMs: Date.UTC(2026, 10, 24, 8), index: () => 100_000, forward: () => 100_000, vol: () => 0.5 };
    const r = runMargin({
      methodId: SPAN_ID, snapshot: market, params, account: false,
      portfolio: { name: 'covered write', positions: [{ instrument: 'BTC-25DEC26', size: '1' }, { instrument: 'BTC-25DEC26-100000-C', size: '-1' }] },
    });
    const u = r.byCurrency.USD;
    expect(u.addOns.scanRisk).toBe('6620');
    expect(u.bindingScenario?.bucket).toBe(13);
    // Same tier: no intra charge; SOM 1 short call × 0.03 × 100,000 = 3,000 < 6,620; file arrays carry no NOV.
    expect(u.maintenanceMargin).toBe('6620');
    expect(r.parameterSet.name).toBe('PC-SPAN PMD 20261124');
  });

  it('an array with the wrong number of values names <ra> and its line', () => {
    const e = errorOf(edit('<a>0</a><a>0</a><a>-3330</a>', '<a>0</a><a>-3330</a>'));
    expect(e).toBeInstanceOf(SpanFileError);
    expect(e.message).toBe('line 52: <ra>: 15 <a> values, expected 16 (one per scanPointDef)');
  });

  it('a value that is not a number names the element and line', () => {
    const e = errorOf(edit('<k>100000</k>', '<k>1e5x</k>'));
    expect(e.message).toBe('line 60: <k>: expected a number, found "1e5x"');
  });

  it('a missing element names its parent', () => {
    const e = errorOf(edit('<o>C</o>', ''));
    expect(e.message).toBe('line 59: <opt>: missing <o>');
  });

  it('broken XML names the line and the unclosed element', () => {
    const e = errorOf(edit('</series>', ''));
    expect(e).toBeInstanceOf(XmlError);
    expect(e.message).toBe('line 64: <series> (opened on line 57) closed by </oopPf>');
    expect(errorOf('<spanFile><fileFormat>4.00</fileFormat>').message).toMatch(/^line 1: <spanFile> \(opened on line 1\) is not closed$/);
  });

  it('a file that is not a spanFile is refused', () => {
    expect(errorOf('<riskFile/>').message).toBe('line 1: <riskFile>: the root element must be <spanFile>');
  });
});
