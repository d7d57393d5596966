/**
 * The PC-SPAN XML reader (`methods/span/pc-span-xml.ts`) on synthetic 4.00 files written by hand
 * from the structure of shared margin-methods.md §4.5 (and, for spreads and tiers, CME's "Intra
 * Spreads" / "Inter Spreads" / "Inter Commodity Spread Tiers" report descriptions), and books
 * margined against them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MarketView } from '../../electron/engine/scenarios/market-view';
import { runMargin } from '../../electron/engine/margin/registry';
import { SPAN_ID } from '../../electron/engine/margin/methods/span/id';
import { resolveSpanParams } from '../../electron/engine/margin/methods/span/span-params';
import { pmdeskSymbol, readPcSpanXml, spanFileToParams, SpanFileError, XmlError } from '../../electron/engine/margin/methods/span/pc-span-xml';

/** Hand-written from the documented structure (not a published file; see its header comment). */
const XML = readFileSync(join(__dirname, 'span-synthetic/synthetic-4.00.spn'), 'utf8');
/** Two combined commodities (BTC, ETH) with intra and inter spreads and tiers; hand-written too. */
const SPREADS_XML = readFileSync(join(__dirname, 'span-synthetic/synthetic-4.00-spreads.spn'), 'utf8');

/** The file with `from` replaced by `to` once (the replaced text must exist). */
function edit(from: string, to: string): string {
  expect(XML.includes(from)).toBe(true);
  return XML.replace(from, to);
}
/** The spreads file with the `nth` (0-based) occurrence of `from` replaced by `to`. */
function editSpreads(from: string, to: string, nth = 0): string {
  let at = -1;
  for (let k = 0; k <= nth; k++) { at = SPREADS_XML.indexOf(from, at + 1); expect(at).toBeGreaterThanOrEqual(0); }
  return SPREADS_XML.slice(0, at) + to + SPREADS_XML.slice(at + from.length);
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
    expect(f.ccDefs).toEqual([{ cc: 'BTC', currency: 'USD', pfLinks: [{ exch: 'PMD', pfCode: 'BTC' }], somRate: 250, intraTiers: [], interTiers: [], dSpreads: [], line: 39 }]);
    expect(f.interSpreads).toEqual([]);
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

describe('PC-SPAN XML spreads and tiers (synthetic two-commodity file)', () => {
  const market: MarketView = { asOfMs: Date.UTC(2026, 10, 24, 8), index: () => 100_000, forward: () => 100_000, vol: () => 0.5 };
  const params = spanFileToParams(readPcSpanXml(SPREADS_XML));
  const margin = (positions: { instrument: string; size: string }[], p: unknown = params) =>
    runMargin({ methodId: SPAN_ID, snapshot: market, params: p, account: false, portfolio: { name: 'spreads', positions } }).byCurrency.USD;

  it('reads the tiers, the ccDefs\' intra spreads and the inter spreads; the parameter set takes them in priority order', () => {
    const f = readPcSpanXml(SPREADS_XML);
    const btc = f.ccDefs.find((c) => c.cc === 'BTC')!;
    expect(btc.intraTiers.map((t) => [t.tn, t.sPe, t.ePe])).toEqual([[1, '202612', '202612'], [2, '202701', '202712']]);
    expect(btc.interTiers).toEqual([{ tn: 1, sPe: '20261201', ePe: '20261231', line: 47 }]);
    expect(btc.dSpreads).toEqual([{ spread: 1, chargeMeth: 'F', rate: 150, line: 49, legs: [
      { cc: 'BTC', tn: 1, side: 'A', ratio: 1, periods: { start: '2026-12-01', end: '2026-12-31' }, line: 52 },
      { cc: 'BTC', tn: 2, side: 'B', ratio: 1, periods: { start: '2027-01-01', end: '2027-12-31' }, line: 53 },
    ] }]);
    // As written: priority 2 first.
    expect(f.interSpreads.map((d) => [d.spread, d.rate, d.legs.map((l) => `${l.cc}:${l.side}${l.ratio}`)])).toEqual([[2, 30, ['BTC:A1', 'ETH:B1']], [1, 60, ['BTC:A1', 'ETH:B2']]]);
    // ETH's inter tier 1 has no periods: the whole cc.
    expect(f.interSpreads[0].legs[1].periods).toBeUndefined();
    // The parameter set keeps the file's order and priorities; resolving it (as a run does) sorts by priority.
    expect(params.interSpreads).toEqual([
      { id: 'inter-2', priority: 2, credit: 0.3, legs: [{ cc: 'BTC', deltaPerSpread: 1, periods: { start: '2026-12-01', end: '2026-12-31' } }, { cc: 'ETH', deltaPerSpread: -1 }] },
      { id: 'inter-1', priority: 1, credit: 0.6, legs: [{ cc: 'BTC', deltaPerSpread: 1, periods: { start: '2026-12-01', end: '2026-12-31' } }, { cc: 'ETH', deltaPerSpread: -2 }] },
    ]);
    expect(resolveSpanParams(params).interSpreads.map((sp) => sp.id)).toEqual(['inter-1', 'inter-2']);
    expect(params.intraSpreads.map((d) => [d.id, d.charge, d.legs])).toEqual([
      ['BTC-1', 150, [{ deltaPerSpread: 1, periods: { start: '2026-12-01', end: '2026-12-31' } }, { deltaPerSpread: -1, periods: { start: '2027-01-01', end: '2027-12-31' } }]],
      ['ETH-1', 40, [{ deltaPerSpread: 1, periods: { start: '2026-12-25', end: '2026-12-25' } }, { deltaPerSpread: -1, periods: { start: '2027-03-26', end: '2027-03-26' } }]],
    ]);
  });

  it('hand-worked inter-commodity credit, in the file\'s priority order: long 1 BTC Dec vs short 2 ETH Dec needs 7,200', () => {
    // Scan risk (file arrays, loss positive): BTC +1 × 10,000 (point 13) = 10,000;
    // ETH −2 × −4,000 (point 11) = 8,000 (point 15: 2 × 2,800 = 5,600 is less). Sum 18,000.
    // Net deltas (file d = 1): BTC +1 (tier 2026-12-25), ETH −2. Intra spreads: none formed
    // (BTC has nothing in 2027, ETH nothing in Mar 27), so both intra charges are 0.
    // Priority 1 (60 %, BTC 1 A : ETH 2 B): n = min(1/1, −2/−2) = 1 spread.
    //   WPR: BTC 10,000 / 1 = 10,000; ETH 8,000 / 2 = 4,000 per delta.
    //   Credit: 0.6 × 1 × 1 × 10,000 = 6,000 (BTC) + 0.6 × 1 × 2 × 4,000 = 4,800 (ETH) = 10,800.
    // Priority 2 (30 %, 1 : 1): BTC's delta is used up, n = 0.
    // MM = 18,000 − 10,800 = 7,200 (no options: no SOM, no NOV); IM = MM (ratio 1).
    const u = margin([{ instrument: 'BTC-25DEC26', size: '1' }, { instrument: 'ETH-25DEC26', size: '-2' }]);
    expect(u.addOns.scanRisk).toBe('18000');
    expect(u.addOns.intraSpread).toBe('0');
    expect(u.addOns.interSpreadCredit).toBe('-10800');
    expect(u.maintenanceMargin).toBe('7200');
    expect(u.initialMargin).toBe('7200');
    // In the order written (priority 2 first) the 30 % 1:1 spread would take BTC's delta:
    // 0.3 × 10,000 + 0.3 × 1 × 4,000 = 4,200 of credit and MM 13,800 — the reader's priority matters.
    const asWritten = { ...params, interSpreads: params.interSpreads.map(({ priority: _p, ...sp }) => sp) };
    expect(margin([{ instrument: 'BTC-25DEC26', size: '1' }, { instrument: 'ETH-25DEC26', size: '-2' }], asWritten).maintenanceMargin).toBe('13800');
    // The mirror (short BTC, long ETH) forms the same spread.
    expect(margin([{ instrument: 'BTC-25DEC26', size: '-1' }, { instrument: 'ETH-25DEC26', size: '2' }]).maintenanceMargin).toBe('7200');
  });

  it('a leg counts only its tier\'s periods: BTC Mar 27 is outside BTC\'s inter tier 1 (Dec 2026), so no credit', () => {
    // BTC +1 in 2027-03-26, ETH −2: the BTC leg has 0 delta in tier 1, n = 0 for both spreads.
    // MM = 10,000 + 8,000 = 18,000.
    const u = margin([{ instrument: 'BTC-26MAR27', size: '1' }, { instrument: 'ETH-25DEC26', size: '-2' }]);
    expect(u.addOns.interSpreadCredit).toBe('0');
    expect(u.maintenanceMargin).toBe('18000');
  });

  it('hand-worked intra-commodity spread from the file: a BTC Dec/Mar calendar pays 150 per spread, not the rate rule\'s 200', () => {
    // Long 1 Dec, short 1 Mar, equal arrays: scan risk 0. Tiers: Dec in intra tier 1 (+1),
    // Mar in tier 2 (−1): spread 1 (tier 1 A : tier 2 B, 1:1) forms n = 1 → 1 × 150 = 150.
    // (Without the file's spread: matched 1 × intraSpreadRate 0.002 × 100,000 = 200.)
    const book = [{ instrument: 'BTC-25DEC26', size: '1' }, { instrument: 'BTC-26MAR27', size: '-1' }];
    const u = margin(book);
    expect(u.addOns.intraSpread).toBe('150');
    expect(u.maintenanceMargin).toBe('150');
    expect(margin(book, { ...params, intraSpreads: [] }).addOns.intraSpread).toBe('200');
    // ETH's period legs (pLeg): short Dec, long Mar is the mirror of A Dec : B Mar → 1 × 40.
    expect(margin([{ instrument: 'ETH-25DEC26', size: '-1' }, { instrument: 'ETH-26MAR27', size: '1' }]).maintenanceMargin).toBe('40');
  });

  it('bad spread and tier elements name the element and line', () => {
    const cases: [string, string, string, number?][] = [
      ['<rs>B</rs><i>2</i>', '<rs>C</rs><i>2</i>', 'line 81: <rs>: expected A or B, found "C"'],
      ['<tLeg><cc>BTC</cc><tn>1</tn>', '<tLeg><cc>BTC</cc><tn>3</tn>', 'line 74: <tn>: tier 3 is not in <interTiers> of ccDef BTC', 1],
      ['<tLeg><cc>ETH</cc><tn>1</tn><rs>B</rs><i>1</i>', '<tLeg><cc>SOL</cc><tn>1</tn><rs>B</rs><i>1</i>', 'line 75: <cc>: "SOL" is not a <ccDef>'],
      ['<rate><r>1</r><val>30</val></rate>', '', 'line 71: <dSpread>: missing <rate>'],
      ['<val>30</val>', '<val>160</val>', 'line 73: <val>: credit 160 % is outside [0, 100]'],
      ['<val>60</val>', '<val>sixty</val>', 'line 79: <val>: expected a number, found "sixty"'],
      ['<tLeg><cc>ETH</cc><tn>1</tn><rs>B</rs><i>2</i></tLeg>', '', 'line 77: <dSpread>: 1 legs, expected at least 2 (<tLeg>)'],
      ['<i>2</i>', '<i>0</i>', 'line 81: <i>: delta per spread ratio 0 must be above 0'],
      ['<chargeMeth>WPR</chargeMeth>', '<chargeMeth>PMPS</chargeMeth>', 'line 78: <chargeMeth>: inter-commodity charge method "PMPS" is not supported (only WPR credits)'],
      ['<ePe>202712</ePe>', '<ePe>202713</ePe>', 'line 44: <ePe>: expected a period YYYYMM or YYYYMMDD, found "202713"'],
      ['<ePe>202712</ePe>', '<ePe>202611</ePe>', 'line 44: <ePe>: tier 2 ends (202611) before it starts (202701)'],
      ['<tier><tn>2</tn>', '<tier><tn>1</tn>', 'line 44: <tier>: tier 1 defined twice in <intraTiers>'],
      ['<pLeg><cc>ETH</cc><pe>20270326</pe>', '<pLeg><cc>BTC</cc><pe>20270326</pe>', 'line 67: <cc>: an intra-commodity leg of ccDef ETH names "BTC"'],
      ['<pe>20270326</pe><rs>B</rs>', '<pe>2027-03-26</pe><rs>B</rs>', 'line 67: <pe>: expected a period YYYYMM or YYYYMMDD, found "2027-03-26"'],
      ['<tLeg><cc>BTC</cc><tn>2</tn><rs>B</rs><i>1</i></tLeg>', '<tLeg><cc>BTC</cc><rs>B</rs><i>1</i></tLeg>', 'line 53: <tLeg>: missing <tn>'],
    ];
    for (const [from, to, message, nth] of cases) {
      const e = errorOf(editSpreads(from, to, nth ?? 0));
      expect.soft(e, message).toBeInstanceOf(SpanFileError);
      expect.soft(e.message).toBe(message);
    }
  });

  it('a file error through the span parameters is a ParamsError naming the line', () => {
    expect(() => runMargin({ methodId: SPAN_ID, snapshot: market, params: editSpreads('<rs>B</rs><i>2</i>', '<rs>C</rs><i>2</i>'), account: false, portfolio: { name: 'x', positions: [] } }))
      .toThrow(/PC-SPAN file: line 81: <rs>: expected A or B/);
  });
});
