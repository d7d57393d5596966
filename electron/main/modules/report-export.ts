/**
 * "Export report…" in the app (issue 12 §1, issue 14 §4): main shows the native save dialog first
 * (cancelled: nothing is built or written), has the service build the report as a job
 * (`job:export-report`, id = the export's id: the same writers as `report:export` and `pmdesk
 * report`, on a thread the service terminates on Cancel; its progress reaches the renderer's
 * status bar over `job:progress` and the taskbar through service-hooks.ts), and writes the chosen
 * file atomically from the finished bytes only (temp file beside it, renamed on success). A PDF is the report's HTML
 * view printed by `webContents.printToPDF` in a hidden, sandboxed window of its own in-memory
 * session (no preload, no JavaScript, no node; the page's own CSP is `default-src 'none'` and the
 * session's network filter cancels every http(s)/ws request), loaded from a private temp file
 * (a 20,000-position page is megabytes, past what a data: URL should carry). The renderer gets
 * the file's name only, never a path.
 */
import { BrowserWindow, dialog, type FileFilter } from 'electron';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { ReportJobResultDto } from '../../../shared/ipc/job-contract';
import type { ReportPaper } from '../../../shared/ipc/report-contract';
import { REPORT_FILE_EXTENSION, type SavedReportDto, type SaveReportRequestDto } from '../../../shared/ipc/shell-contract';
import type { Dispatcher } from '../../service/worker/worker-protocol';

type SaveFormat = SaveReportRequestDto['format'];

/**
 * Extension and save-dialog filters per format (the CSV tables come zipped). The re-runnable JSON
 * report is saved as `.pmreport` by default, the extension electron-builder.json associates with
 * pmdesk (a double-click opens it: opened-files.ts); `.json` stays on offer, and opens too.
 */
export const REPORT_SAVE_FILTERS: Record<SaveFormat, { ext: string; filters: FileFilter[] }> = {
  pdf: { ext: 'pdf', filters: [{ name: 'PDF report', extensions: ['pdf'] }] },
  xlsx: { ext: 'xlsx', filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] },
  csv: { ext: 'zip', filters: [{ name: 'CSV tables (zip)', extensions: ['zip'] }] },
  json: { ext: REPORT_FILE_EXTENSION, filters: [{ name: 'pmdesk report (re-runnable JSON)', extensions: [REPORT_FILE_EXTENSION] }, { name: 'JSON', extensions: ['json'] }] },
};

/** `<portfolio>-margin-report.<ext>`, as the service names it. */
export function suggestedReportName(portfolioName: string, format: SaveFormat): string {
  const base = portfolioName.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'portfolio';
  return `${base}-margin-report.${REPORT_SAVE_FILTERS[format].ext}`;
}

/** Print `html` to PDF on `paper` in a hidden sandboxed window; the window and temp file are gone afterwards. */
export async function printHtmlToPdf(html: string, paper: ReportPaper): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'pmdesk-report-'));
  const file = join(dir, 'report.html');
  const win = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInWorker: false,
      webviewTag: false, javascript: false, webSecurity: true, allowRunningInsecureContent: false,
      // Its own in-memory session: nothing shared with the app's renderer (locked down on creation, security.ts).
      partition: 'pmdesk-report-print',
    },
  });
  try {
    await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
    await win.loadFile(file);
    // The page's @page rules set the size and margins; pageSize is the same paper for Chromium's default.
    return await win.webContents.printToPDF({ pageSize: paper, preferCSSPageSize: true, printBackground: true });
  } finally {
    win.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Write beside the target and rename over it: the old file stays whole if anything fails. */
async function writeBytesAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, bytes, { flush: true });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** What `saveReportWithDialog` needs besides Electron: the service and the printer (a test double in tests). */
export interface ReportExportDeps {
  dispatch: Dispatcher;
  printToPdf?: (html: string, paper: ReportPaper) => Promise<Buffer>;
}

/** Exports between their dialog and their write, by export id. */
interface RunningExport {
  dispatch: Dispatcher;
  /** `building`: the service's job; `printing`: main's printToPDF; `writing`: too late to cancel. */
  phase: 'building' | 'printing' | 'writing';
  cancelled: boolean;
}
const running = new Map<string, RunningExport>();

/**
 * `shell:cancel-report` (Esc / Cancel): while the service builds the report, its job is cancelled
 * (`job:cancel`: the report's thread is terminated); while main prints the PDF, the print's result
 * is dropped. Either way nothing is written. `false` if the export is not running or is already
 * writing its file (the rename is then a moment away).
 */
export async function cancelReport(exportId: string): Promise<{ cancelled: boolean }> {
  const r = running.get(exportId);
  if (!r || r.cancelled || r.phase === 'writing') return { cancelled: false };
  if (r.phase === 'building') {
    const res = await r.dispatch('job:cancel', { jobId: exportId });
    // Not cancelled by the service: the job has just finished (main drops its bytes) or has not started yet.
    if (!res.ok) throw new Error(res.error.message);
  }
  // The phase may have moved on while the service answered.
  if ((r.phase as RunningExport['phase']) === 'writing') return { cancelled: false };
  r.cancelled = true;
  return { cancelled: true };
}

/** `shell:save-report`: dialog, build (a job), (print), write. `null` if the user cancelled the dialog or the export. */
export async function saveReportWithDialog(win: BrowserWindow | undefined, req: SaveReportRequestDto, deps: ReportExportDeps): Promise<SavedReportDto> {
  const { exportId, ...report } = req;
  const { filters } = REPORT_SAVE_FILTERS[report.format];
  const options = { title: 'Export report', defaultPath: suggestedReportName(report.portfolio.name, report.format), filters };
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return null;
  const paper = report.paper ?? 'A4';
  const entry: RunningExport = { dispatch: deps.dispatch, phase: 'building', cancelled: false };
  running.set(exportId, entry);
  try {
    const res = await deps.dispatch('job:export-report', { jobId: exportId, request: { ...report, format: report.format === 'pdf' ? 'html' : report.format, paper } });
    if (!res.ok) throw new Error(res.error.message);
    const out = res.value as ReportJobResultDto;
    if (out.kind === 'cancelled' || entry.cancelled) return null;
    const raw = Buffer.from(out.file.base64, 'base64');
    entry.phase = 'printing';
    const bytes = report.format === 'pdf' ? await (deps.printToPdf ?? printHtmlToPdf)(raw.toString('utf8'), paper) : raw;
    if (entry.cancelled) return null;
    entry.phase = 'writing';
    await writeBytesAtomically(r.filePath, bytes);
    return { name: basename(r.filePath), failedMethods: out.file.failedMethods };
  } finally {
    running.delete(exportId);
  }
}
