/**
 * Types of exceljs's streaming workbook writer loaded by its own module path (report-files.ts
 * `reportXlsx`): the same class as `ExcelJS.stream.xlsx.WorkbookWriter` (reports.test.ts checks
 * the identity), without loading the reader, CSV and document-model modules that the package's
 * main entry requires (~200 ms → ~70 ms CPU to load, issue 12).
 */
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type ExcelJS from 'exceljs';
  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}
