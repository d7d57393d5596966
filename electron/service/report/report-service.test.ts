/** `report:export` through the real service over a temporary database (the seeded demo book). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppService } from '../compose';
import { DEMO_PORTFOLIO_ID } from '../demo-data';
import { dispatch } from '../dispatch';

let close: (() => void) | undefined;
afterEach(() => close?.());

function open() {
  const app = openAppService({ databasePath: join(mkdtempSync(join(tmpdir(), 'pmdesk-report-svc-')), 'pmdesk.db'), host: 'web', version: 'test' });
  close = app.close;
  return app.service;
}

describe('report:export', () => {
  it('exports the demo book for every listed method as xlsx, csv zip, json and html', async () => {
    const service = open();
    const portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const [market] = await service['market:list'](undefined);
    const methods = (await service['app:info'](undefined)).methods.map((m) => m.id);
    const base = { portfolio, revision: 1, marketId: market.id, methods };
    const xlsx = await service['report:export']({ ...base, format: 'xlsx' });
    expect(xlsx.fileName).toMatch(/-margin-report\.xlsx$/);
    expect(xlsx.failedMethods).toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Positions')?.rowCount).toBe(portfolio.positions.length + 1);
    const csv = unzipSync(new Uint8Array(Buffer.from((await service['report:export']({ ...base, format: 'csv' })).base64, 'base64')));
    expect(strFromU8(csv['header.csv'])).toContain('revision,1');
    const json = JSON.parse(Buffer.from((await service['report:export']({ ...base, format: 'json' })).base64, 'base64').toString('utf8')) as { inputs: { methods: { id: string }[] } };
    expect(json.inputs.methods.map((m) => m.id)).toEqual(methods);
    const html = Buffer.from((await service['report:export']({ ...base, format: 'html' })).base64, 'base64').toString('utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<script');
    expect(html).toContain('size: A4;');
    const letter = Buffer.from((await service['report:export']({ ...base, format: 'html', paper: 'Letter' })).base64, 'base64').toString('utf8');
    expect(letter).toContain('size: Letter;');
  });

  it('pdf: the web host\'s path prints the report view with headless Chromium on the chosen paper', async () => {
    const service = open();
    const portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const [market] = await service['market:list'](undefined);
    const pdf = await service['report:export']({ portfolio, revision: 1, marketId: market.id, methods: ['deribit-pm'], format: 'pdf', paper: 'Letter' });
    expect(pdf).toMatchObject({ mimeType: 'application/pdf' });
    expect(pdf.fileName).toMatch(/-margin-report\.pdf$/);
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Letter is 612 x 792 pt (the first page is portrait; the positions pages landscape).
    expect(bytes.toString('latin1')).toMatch(/MediaBox\s*\[\s*0 0 612(\.\d+)? 792(\.\d+)?\s*\]/);
  }, 60_000);

  it('refuses an unknown market or method, and a bad format, through dispatch', async () => {
    const service = open();
    const portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const methods = (await service['app:info'](undefined)).methods.map((m) => m.id);
    const noMarket = await dispatch(service, 'report:export', { portfolio, marketId: 'nope', methods, format: 'json' });
    expect(noMarket).toMatchObject({ ok: false });
    const [market] = await service['market:list'](undefined);
    const badFormat = await dispatch(service, 'report:export', { portfolio, marketId: market.id, methods, format: 'docx' });
    expect(badFormat).toMatchObject({ ok: false, error: { code: 'validation' } });
    const badPaper = await dispatch(service, 'report:export', { portfolio, marketId: market.id, methods, format: 'pdf', paper: 'A3' });
    expect(badPaper).toMatchObject({ ok: false, error: { code: 'validation' } });
  });
});
