/**
 * The report export channel (issue 12 §1): the margin report of the open book for the methods
 * the user picked, in one of the report formats, produced by the service (the same writers as
 * `pmdesk report`). The file travels as base64 (JSON-safe over IPC and HTTP); the host saves it
 * (native save dialog in Electron, a download in the web host). `html` is the printable report
 * view laid out for `paper`: Electron main prints it with `webContents.printToPDF` in a hidden
 * sandboxed window (electron/main/modules/report-export.ts). `pdf` is the same view printed by
 * the service's headless Chromium (electron/reports/report-files.ts `reportPdf`): the web host's
 * path, never asked for by the Electron shell. Merged into the contract with one-line spreads.
 */
import * as v from 'valibot';
import type { PortfolioDto } from '../domain/dto/portfolio.dto';
import { Id, Methods, ParameterSets, PortfolioSchema } from './common-schemas';

export const REPORT_EXPORT_FORMATS = ['xlsx', 'csv', 'json', 'html', 'pdf'] as const;
/** Paper the printable formats (`html`, `pdf`) are laid out for. */
export const REPORT_PAPERS = ['A4', 'Letter'] as const;
export type ReportPaper = (typeof REPORT_PAPERS)[number];
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];

export interface ReportExportRequestDto {
  portfolio: PortfolioDto;
  /** Stored revision the book is (omit for unsaved edits). */
  revision?: number;
  marketId: string;
  methods: string[];
  parameterSets?: Record<string, string>;
  format: ReportExportFormat;
  /** Paper of `html` / `pdf` (A4 when omitted; ignored by the other formats). */
  paper?: ReportPaper;
}

export interface ReportFileDto {
  /** Suggested file name (`<portfolio>-margin-report.<ext>`; csv is a zip). */
  fileName: string;
  mimeType: string;
  base64: string;
  /** Methods that failed on this book (listed in the report too). */
  failedMethods: string[];
}

export interface ReportInvokeContract {
  'report:export': { req: ReportExportRequestDto; res: ReportFileDto };
}
export type ReportChannel = keyof ReportInvokeContract;

export const REPORT_CHANNELS = ['report:export'] as const satisfies readonly ReportChannel[];

export const reportRequestSchemas = {
  'report:export': v.strictObject({
    portfolio: PortfolioSchema,
    revision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    marketId: Id,
    methods: Methods,
    parameterSets: ParameterSets,
    format: v.picklist(REPORT_EXPORT_FORMATS),
    paper: v.optional(v.picklist(REPORT_PAPERS)),
  }),
} satisfies { [C in ReportChannel]: v.GenericSchema<unknown, ReportInvokeContract[C]['req']> };

type Invoke = <C extends ReportChannel>(channel: C, req: ReportInvokeContract[C]['req']) => Promise<ReportInvokeContract[C]['res']>;

/** `window.api.report`: merged into AppApi (api.ts) with one line. */
export interface ReportApi {
  export(req: ReportExportRequestDto): Promise<ReportFileDto>;
}

export function buildReportApi(invoke: Invoke): ReportApi {
  return { export: (req) => invoke('report:export', req) };
}
