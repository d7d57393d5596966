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
    expect(JSON.parse(replay.out).same).toBe(true);
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
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(paper === 'A4' ? /595\.\d+ x 841\.\d+|595\.\d+ x 842\.\d+/ : /612 x 792/);
      execFileSync('pdftoppm', ['-r', '50', '-png', file, join(dir, `demo-${paper}`)]);
      const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
      expect(pages).toBeGreaterThan(1);
      expect(readdirSync(dir).filter((f) => f.startsWith(`demo-${paper}-`) && f.endsWith('.png'))).toHaveLength(pages);
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      expect(text).toContain(`page 1 of ${pages}`);
      expect(text).toContain('Summary');
    }
  }, 60_000);
});
