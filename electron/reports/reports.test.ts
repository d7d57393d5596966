/**
 * Every report format for the demo book (issue 12 tests): XLSX read back with exceljs (values,
 * types, formats, frozen header, autofilter), the CSV zip against the engine's own strings, the
 * JSON replayed to the last digit (and a changed method version named), the PDF printed by
 * Chromium and turned into PNG pages with pdftoppm (test-results/report-pdf/, look at them).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parsePortfolioJson } from '../io/json-formats';
import { MARGIN_METHODS } from '../engine/margin/registry';
import { runCli } from '../cli/run-cli';
import { commands } from '../cli/commands/index';
import type { CliIo } from '../cli/cli-command';
import { reportTableCsv } from '../../shared/reports/margin-report';
import { formatCell, PAGE_MARGIN_MM, PAPER_MM, POSITIONS_LANDSCAPE, positionsPlan } from '../../shared/reports/report-html';
import { reportCsvZip, reportPdf, reportXlsx, XLSX_FORMATS } from './report-files';
import { replayReport, reportJson } from './report-json';
import { reportOf, runReportMethods, type ReportInputs } from './report-run';
import { parseInstrument } from '../engine/instruments';
import { parseMarketSnapshot } from '../engine/market-data/snapshot-json';
import { markInstrument } from '../engine/pricing';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = join(ROOT, 'electron/service/demo');
const portfolio = parsePortfolioJson(readFileSync(join(DEMO, 'demo-portfolio.json'), 'utf8')).valid[0];
const market: unknown = JSON.parse(readFileSync(join(DEMO, 'demo-market.json'), 'utf8'));
/** Every method the registry lists (no id is named here). */
const methodIds = Object.keys(MARGIN_METHODS);
const inputs: ReportInputs = { portfolio, market, methods: methodIds.map((id) => ({ id, params: null })), account: true, revision: null };
const outcomes = runReportMethods(inputs);
const model = reportOf(inputs, outcomes, '0.1.0');
const firstOk = outcomes.find((o) => o.ok);
if (!firstOk?.ok) throw new Error('no method margins the demo book');

function cli(argv: string[]) {
  const out: string[] = [], err: string[] = [];
  const io: CliIo = {
    readStdin: async () => '', readFile: async (p) => readFileSync(p, 'utf8'), writeFile: async (p, t) => writeFileSync(p, t),
    stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {},
  };
  return runCli(argv, io, commands).then((code) => ({ code, out: out.join(''), err: err.join('') }));
}

describe('margin report of the demo book', () => {
  it('lists every registry method that ran, with its version and parameter set', () => {
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(model.header.methods.map((m) => m.id)).toEqual(methodIds);
    for (const m of model.header.methods) expect(m.version).toBe(MARGIN_METHODS[m.id].version);
    const positions = model.tables.find((t) => t.id === 'positions');
    expect(positions?.rows.length).toBe(portfolio.positions.length);
  });

  it('XLSX: one sheet per section, numeric cells with formats, frozen headers, autofilter', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(model)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(model.tables.map((t) => t.title.slice(0, 31)));
    const summary = wb.getWorksheet('Summary');
    if (!summary) throw new Error('no Summary sheet');
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(summary.getRow(1).getCell(3).value).toBe('IM');
    const r = firstOk.result;
    const [ccy, c] = Object.entries(r.byCurrency)[0];
    const row = summary.getRow(2);
    expect(row.getCell(1).value).toBe(firstOk.methodId);
    expect(row.getCell(2).value).toBe(ccy);
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(row.getCell(3).value).toBe(Number(c.initialMargin));
    expect(row.getCell(3).numFmt).toBe(XLSX_FORMATS.amount);
    expect(row.getCell(5).value).toBe(Number(c.initialMarginUsd));
    expect(row.getCell(5).numFmt).toBe(XLSX_FORMATS.usd);
    const pos = wb.getWorksheet('Positions');
    if (!pos) throw new Error('no Positions sheet');
    expect(pos.autoFilter).toBeTruthy();
    expect(pos.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(pos.rowCount).toBe(portfolio.positions.length + 1);
    expect(pos.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.Number); // size
    expect(pos.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.String); // instrument
  });

  it('CSV: a zip of one RFC 4180 file per table, decimals exactly as the engine wrote them', () => {
    const files = unzipSync(reportCsvZip(model));
    expect(Object.keys(files)).toEqual(model.tables.map((t) => `${t.id}.csv`));
    const summary = strFromU8(files['summary.csv']);
    const [, c] = Object.entries(firstOk.result.byCurrency)[0];
    const line = summary.split('\r\n')[1].split(',');
    expect(line.slice(2, 6)).toEqual([c.initialMargin, c.maintenanceMargin, c.initialMarginUsd, c.maintenanceMarginUsd]);
    expect(summary.endsWith('\r\n')).toBe(true);
    expect(reportTableCsv({ id: 'x', title: 'x', columns: [{ key: 'a', label: 'a,b', kind: 'text' }], rows: [['say "hi"'], [null]] })).toBe('"a,b"\r\n"say ""hi"""\r\n\r\n');
    expect(reportCsvZip(model)).toEqual(reportCsvZip(model)); // same bytes each time
  });

  it('CSV and XLSX positions: mark, IV and greeks are exactly the engine\'s markInstrument figures (size × per-unit greek)', async () => {
    const files = unzipSync(reportCsvZip(model));
    const lines = strFromU8(files['positions.csv']).trimEnd().split('\r\n');
    const head = lines[0].split(',');
    const at = (name: string) => head.indexOf(name);
    expect(['Mark', 'IV', 'Delta', 'Gamma', 'Vega', 'Theta'].every((h) => at(h) > 2)).toBe(true);
    const snap = parseMarketSnapshot(market);
    let options = 0;
    portfolio.positions.forEach((p, i) => {
      const row = lines[i + 1].split(',');
      const m = markInstrument(parseInstrument(p.instrument), snap);
      const size = Number(p.size);
      // float64 figures written as JS shortest text: they read back to the very same double
      const near = (text: string, x: number) => expect(Number(text)).toBe(x);
      near(row[at('Delta')], size * m.deltaCoin);
      if (m.kind === 'option') {
        options++;
        near(row[at('Mark')], m.markPrice);
        near(row[at('Gamma')], size * m.gamma);
        near(row[at('Vega')], size * m.vega);
        near(row[at('Theta')], size * m.theta);
        if (m.vol !== null) near(row[at('IV')], m.vol);
      } else near(row[at('Mark (USD)')], m.markPrice);
    });
    expect(options).toBeGreaterThan(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(model)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Positions');
    if (!ws) throw new Error('no Positions sheet');
    const deltaCol = at('Delta') + 1;
    expect(typeof ws.getRow(2).getCell(deltaCol).value).toBe('number');
    expect(ws.getRow(2).getCell(deltaCol).numFmt).toBe(XLSX_FORMATS.number);
  });

  it('JSON: embeds every input; the replay reproduces every figure to the last digit', () => {
    const doc = JSON.parse(JSON.stringify(reportJson(inputs, outcomes, '0.1.0'))) as ReturnType<typeof reportJson>;
    expect(doc.inputs.market).toEqual(market);
    expect(doc.inputs.methods.map((m) => [m.id, m.version])).toEqual(methodIds.map((id) => [id, MARGIN_METHODS[id].version]));
    const same = replayReport(doc, '0.1.0');
    expect(same.same).toBe(true);
    expect(same.methods.every((m) => m.differenceCount === 0 && m.changedInputs.length === 0)).toBe(true);
    expect(same.marks).toEqual({ inReport: true, same: true, differences: [], differenceCount: 0 });
  });

  it('JSON: each position\'s mark, IV and greeks, the very numbers of the positions table (CSV, XLSX, PDF); a changed one is found on replay', () => {
    const doc = JSON.parse(JSON.stringify(reportJson(inputs, outcomes, '0.1.0'))) as ReturnType<typeof reportJson>;
    const table = model.tables.find((t) => t.id === 'positions');
    if (!table || !doc.marks) throw new Error('no positions table or no marks');
    expect(doc.marks).toHaveLength(portfolio.positions.length);
    let figures = 0;
    doc.marks.forEach((m, i) => {
      expect(m.positionId).toBe(table.rows[i][0]);
      for (const k of ['markCoin', 'markUsd', 'iv', 'deltaCoin', 'gammaCoin', 'vegaCoin', 'thetaCoin'] as const) {
        const cell = table.rows[i][table.columns.findIndex((c) => c.key === k)];
        expect(m[k] ?? null).toBe(cell);
        if (cell !== null) figures++;
      }
    });
    expect(figures).toBeGreaterThan(portfolio.positions.length * 2);
    const delta = doc.marks[0].deltaCoin;
    if (delta === undefined) throw new Error('first position has no delta');
    doc.marks[0].deltaCoin = delta * 2;
    const r = replayReport(doc, '0.1.0');
    expect(r.same).toBe(false);
    expect(r.methods.every((m) => m.same)).toBe(true);
    expect(r.marks.differences).toEqual([{ path: '[0].deltaCoin', report: delta * 2, now: delta }]);
    delete doc.marks; // a report written before marks were added still replays its methods
    expect(replayReport(doc, '0.1.0')).toMatchObject({ same: true, marks: { inReport: false } });
  });

  it('JSON: a changed figure is found by path, a changed method version is named', () => {
    const doc = JSON.parse(JSON.stringify(reportJson(inputs, outcomes, '0.1.0'))) as ReturnType<typeof reportJson>;
    const i = doc.results.findIndex((o) => o.ok);
    const res = doc.results[i];
    if (!res.ok) throw new Error('unreachable');
    const ccy = Object.keys(res.result.byCurrency)[0];
    const im = res.result.byCurrency[ccy].initialMargin;
    res.result.byCurrency[ccy].initialMargin = `${im}1`; // one more digit
    doc.inputs.methods[i].version = 'older';
    const r = replayReport(doc, '0.1.0');
    expect(r.same).toBe(false);
    expect(r.methods[i].differences).toContainEqual({ path: `.result.byCurrency.${ccy}.initialMargin`, report: `${im}1`, now: im });
    expect(r.methods[i].changedInputs[0]).toBe(`method version: older in the report, ${MARGIN_METHODS[doc.inputs.methods[i].id].version} now`);
  });

  it('pmdesk report --format json then pmdesk margin --replay: exit 0, same; exit 1 when edited', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmdesk-report-'));
    const out = join(dir, 'r.json');
    const made = await cli(['report', '--portfolio', join(DEMO, 'demo-portfolio.json'), '--market', join(DEMO, 'demo-market.json'), '--method', methodIds.join(','), '--format', 'json', '--out', out]);
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(readdirSync(dir)).toEqual(['r.json']); // no temporary file left
    const replay = await cli(['margin', '--replay', out]);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.out)).toMatchObject({ same: true, marks: { inReport: true, same: true } });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { inputs: { portfolio: { positions: { size: string }[] } } };
    doc.inputs.portfolio.positions[0].size = '1';
    writeFileSync(out, JSON.stringify(doc));
    const edited = await cli(['margin', '--replay', out]);
    expect(edited.code).toBe(1);
    expect(JSON.parse(edited.out).same).toBe(false);
    writeFileSync(out, '{"format":"other"}');
    expect(await cli(['margin', '--replay', out])).toMatchObject({ code: 2, err: expect.stringContaining('not a pmdesk report') });
  });

  it('PDF: A4 and Letter pages printed by Chromium, turned into PNG by pdftoppm', async () => {
    const dir = join(ROOT, 'test-results/report-pdf');
    rmSync(dir, { recursive: true, force: true }); // no page PNGs left over from a longer earlier run
    mkdirSync(dir, { recursive: true });
    for (const paper of ['A4', 'Letter'] as const) {
      const pdf = await reportPdf(model, paper);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = join(dir, `demo-${paper}.pdf`);
      writeFileSync(file, pdf);
      const pages = pdfPages(file);
      expect(pages.length).toBeGreaterThan(1);
      for (const pg of pages) expectPaper(pg, paper);
      execFileSync('pdftoppm', ['-r', '50', '-png', file, join(dir, `demo-${paper}`)]);
      expect(readdirSync(dir).filter((f) => f.startsWith(`demo-${paper}-`) && f.endsWith('.png'))).toHaveLength(pages.length);
      expect(pages[0].text).toContain('Summary');
    }
  }, 60_000);

  it('PDF of a multi-page book (A4 and Letter): every position once per column group, header and "page X of Y" on every page, no word outside the page', async () => {
    // the demo book repeated to 330 positions: several positions pages per column group
    const big: ReportInputs = { ...inputs, portfolio: { ...portfolio, positions: Array.from({ length: 330 }, (_, i) => ({ ...portfolio.positions[i % portfolio.positions.length], id: `q${i + 1}` })) } };
    const bigModel = reportOf(big, runReportMethods(big), '0.1.0');
    const table = bigModel.tables.find((t) => t.id === 'positions');
    if (!table) throw new Error('no positions table');
    const dir = join(ROOT, 'test-results/report-pdf');
    mkdirSync(dir, { recursive: true });
    for (const paper of ['A4', 'Letter'] as const) {
      const file = join(dir, `book330-${paper}.pdf`);
      writeFileSync(file, await reportPdf(bigModel, paper));
      const pages = pdfPages(file);
      const plan = positionsPlan(table, paper);
      expect(plan.length).toBeGreaterThan(1); // every registry method's columns do not fit one page width
      pages.forEach((pg, k) => {
        expectPaper(pg, paper);
        expect(pg.text).toContain(`page ${k + 1} of ${pages.length}`);
      });
      const posPages = pages.filter((pg) => pg.text.startsWith('Positions —'));
      expect(posPages).toHaveLength(plan.reduce((s, g) => s + Math.ceil(330 / g.rowsPerPage), 0));
      // the positions pages come last: nothing else was pushed onto an extra page by an overfull one
      expect(pages.slice(-posPages.length)).toEqual(posPages);
      let at = 0;
      for (const g of plan) {
        const count = Math.ceil(330 / g.rowsPerPage);
        const seen: string[] = [];
        for (const pg of posPages.slice(at, at + count)) {
          const lines = pg.text.split('\n');
          // the header line repeated on each page, with the group's last column (nothing cut off at the right)
          const head = lines.findIndex((l) => /^Position\s+Instrument\s+Size\b/.test(l));
          expect(head).toBeGreaterThan(0);
          const lastLabel = table.columns[g.cols[g.cols.length - 1]].label.replace(/^\S+ (?=marginal|group|P&L)/, '');
          expect(lines[head]).toContain(lastLabel);
          // printed at the planned type size: Chromium did not shrink an overwide page to fit
          // (DejaVu Sans Mono's ascent + descent is 1.164 em; 1 px = 0.75 pt)
          const word = pg.words.find((w) => w.text === 'Position');
          expect(word && (word.yMax - word.yMin) / (g.fontPx * 0.75 * 1.164)).toBeCloseTo(1, 1);
          for (const l of lines.slice(head + 1)) {
            const m = /^(q\d+)\s+(\S+)\s/.exec(l);
            if (!m) continue;
            const row = Number(m[1].slice(1)) - 1;
            expect(m[2]).toBe(big.portfolio.positions[row].instrument);
            // every cell of the row on its line, in order, the last one included
            const cells = g.cols.map((i) => formatCell(table.rows[row][i], table.columns[i].kind)).filter((c) => c !== '');
            expect(l.trim().split(/\s+/).join(' ')).toBe(cells.join(' ').split(/\s+/).join(' '));
            seen.push(m[1]);
          }
        }
        expect(seen).toEqual(big.portfolio.positions.map((p) => p.id));
        at += count;
      }
      if (paper === 'A4') execFileSync('pdftoppm', ['-r', '70', '-png', '-f', String(pages.length), '-l', String(pages.length), file, join(dir, `book330-${paper}-last`)]);
    }
  }, 90_000);
});

interface PdfPage { width: number; height: number; text: string; words: { xMin: number; yMin: number; xMax: number; yMax: number; text: string }[] }

/** Each page of a PDF: size in pt, its text (pdftotext -layout) and word boxes (pdftotext -bbox). */
function pdfPages(file: string): PdfPage[] {
  const texts = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\f');
  const bbox = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m, k) => ({
    width: Number(m[1]), height: Number(m[2]), text: texts[k].trimStart(),
    words: [...m[3].matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((w) => ({ xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]), text: w[5] })),
  }));
}

/** The page is the paper (A4 210 × 297 mm, Letter 8.5 × 11 in, within Chromium's px rounding; positions pages turned) and every word lies inside its margins. */
function expectPaper(pg: PdfPage, paper: 'A4' | 'Letter'): void {
  const pt = 72 / 25.4, mm = PAPER_MM[paper];
  // the positions pages are the same paper turned landscape (report-html.ts POSITIONS_LANDSCAPE)
  const turned = pg.text.startsWith('Positions —') && POSITIONS_LANDSCAPE;
  expect(Math.abs(pg.width - (turned ? mm.height : mm.width) * pt)).toBeLessThan(1.5);
  expect(Math.abs(pg.height - (turned ? mm.width : mm.height) * pt)).toBeLessThan(1.5);
  for (const w of pg.words) {
    expect(w.xMin).toBeGreaterThanOrEqual(PAGE_MARGIN_MM.left * pt - 1);
    expect(w.xMax).toBeLessThanOrEqual(pg.width - PAGE_MARGIN_MM.right * pt + 1);
    expect(w.yMax).toBeLessThanOrEqual(pg.height);
  }
}
