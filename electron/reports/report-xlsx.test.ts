/**
 * The XLSX writer's speed-ups (issue 12) keep the workbook the same: the writer module it loads
 * is exceljs's `stream.xlsx.WorkbookWriter`, and on a 2,000-position synthetic book every cell of
 * every sheet reads back with its column's type and number format (shared per-column style
 * objects), headers frozen and bold, the autofilter over each header row.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { reportXlsx, XLSX_FORMATS } from './report-files';
import { reportOf, runReportMethods, type ReportInputs } from './report-run';
import { DERIBIT_PM_ID } from '../engine/margin/methods/deribit-pm/id';
import { syntheticMarket, syntheticPositions } from '../engine/margin/synthetic-book';

describe('XLSX report writer', () => {
  it('loads the WorkbookWriter class the package exports', async () => {
    const { default: W } = await import('exceljs/lib/stream/xlsx/workbook-writer.js');
    expect(W).toBe(ExcelJS.stream.xlsx.WorkbookWriter);
  });

  it('every cell of every sheet has its column\'s type and format', async () => {
    const syn = syntheticMarket(['BTC', 'ETH'], 200);
    const inputs: ReportInputs = {
      portfolio: { name: 'xlsx-2k', balances: [], positions: syntheticPositions(syn.options, 2000) },
      market: syn.market, methods: [{ id: DERIBIT_PM_ID, params: null }], account: true, revision: null,
    };
    const model = reportOf(inputs, runReportMethods(inputs), '0.1.0');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(model)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(model.tables.map((t) => t.title.slice(0, 31)));
    let numbers = 0;
    for (const t of model.tables) {
      const ws = wb.getWorksheet(t.title.slice(0, 31))!;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      // read back as a range: A1 to the last header cell
      expect(ws.autoFilter).toBe(`A1:${String.fromCharCode(64 + t.columns.length)}1`);
      expect(ws.rowCount).toBe(t.rows.length + 1);
      t.columns.forEach((c, i) => {
        const h = ws.getRow(1).getCell(i + 1);
        expect(h.value).toBe(c.label);
        expect(h.font?.bold).toBe(true);
      });
      t.rows.forEach((r, k) => {
        const row = ws.getRow(k + 2);
        r.forEach((v, i) => {
          const cell = row.getCell(i + 1);
          const kind = t.columns[i].kind;
          if (v === null) { expect(cell.value ?? null).toBeNull(); return; }
          if (kind === 'text') { expect(cell.type).toBe(ExcelJS.ValueType.String); expect(cell.value).toBe(String(v)); return; }
          expect(cell.type, `${t.id} row ${k} ${t.columns[i].key}`).toBe(ExcelJS.ValueType.Number);
          expect(cell.value).toBe(Number(v));
          expect(cell.numFmt).toBe(XLSX_FORMATS[kind]);
          numbers++;
        });
      });
    }
    expect(model.tables.find((t) => t.id === 'positions')!.rows.length).toBe(2000);
    expect(numbers).toBeGreaterThan(2000 * 5);
  }, 60_000);
});
