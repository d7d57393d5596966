/**
 * The shell in the web host (a plain browser tab): no native menu (the renderer's keyboard
 * fallback runs the commands), a file input for opening, a download for saving, the tab title for
 * the unsaved mark, the browser's leave-page prompt while edits are unsaved, and the host's
 * notices (the service worker restarted) long-polled in place of main's `shell:notice` push.
 */
import type { ReportJobResultDto } from '../../../../shared/ipc/job-contract';
import type { ReportExportRequestDto } from '../../../../shared/ipc/report-contract';
import { REPORT_FILE_EXTENSION, type FilePurpose, type OpenedFileDto, type ShellApi, type WebHostInvokeContract } from '../../../../shared/ipc/shell-contract';
import { downloadBase64, downloadText } from '../download';
import { listenForNotices } from './notice-poll';

/** The web host's `shell:notices` call (long poll). */
export type PollNotices = (req: WebHostInvokeContract['shell:notices']['req']) => Promise<WebHostInvokeContract['shell:notices']['res']>;

const ACCEPT: Record<FilePurpose, string> = {
  positions: '.csv,.txt,.json',
  market: '.json',
  parameters: '.json',
  report: `.${REPORT_FILE_EXTENSION},.json`,
  portfolio: '.json,.csv',
  run: '.json,.csv',
  chart: '.png',
};

/** A download's media type from the name's extension. */
export function mediaTypeOf(name: string): string {
  const ext = name.split('.').pop()?.toLowerCase();
  if (ext === 'csv') return 'text/csv';
  if (ext === 'png') return 'image/png';
  if (ext === REPORT_FILE_EXTENSION) return 'application/vnd.pmdesk.report+json';
  return 'application/json';
}

/** Let the user pick one file with a file input; null if they cancel. */
function pickFile(purpose: FilePurpose): Promise<OpenedFileDto | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ACCEPT[purpose];
    input.style.display = 'none';
    input.dataset['testid'] = `shell-open-${purpose}`;
    const done = () => input.remove();
    input.addEventListener('change', () => {
      const f = input.files?.[0];
      done();
      if (!f) return resolve(null);
      f.text().then((text) => resolve({ name: f.name, text }), reject);
    });
    input.addEventListener('cancel', () => {
      done();
      resolve(null);
    });
    document.body.append(input);
    input.click();
  });
}

/** The service's report job `job:export-report` under `jobId` (the web host prints a PDF with its headless Chromium). */
export type ExportReport = (jobId: string, req: ReportExportRequestDto) => Promise<ReportJobResultDto>;
/** The service's `job:cancel`. */
export type CancelJob = (jobId: string) => Promise<{ cancelled: boolean }>;

/**
 * Build the browser shell; `pollNotices` reaches the web host's notice board, `exportReport` and
 * `cancelJob` the service's report job (its progress is followed with `job:progress` like any job).
 */
export function browserShell(pollNotices: PollNotices, exportReport: ExportReport, cancelJob: CancelJob): ShellApi {
  let dirty = false;
  /** Running exports by id: true once cancelled (its file is then not downloaded). */
  const exports = new Map<string, boolean>();
  window.addEventListener('beforeunload', (e) => {
    if (dirty) e.preventDefault();
  });
  return {
    kind: 'browser',
    onCommand: () => () => {},
    onSaveAndClose: () => () => {},
    // The web host's worker restarts too: the host keeps the notice, the tab long-polls it.
    onNotice: (fn) => listenForNotices(pollNotices, fn),
    // A browser tab is never opened with a file by the OS.
    onFilesOpened: () => () => {},
    takeOpenedFiles: async () => [],
    openFile: (r) => pickFile(r.purpose),
    saveFile: async (r) => {
      if (r.encoding === 'base64') downloadBase64(r.suggestedName, mediaTypeOf(r.suggestedName), r.text);
      else downloadText(r.suggestedName, mediaTypeOf(r.suggestedName), r.text);
      return { name: r.suggestedName };
    },
    // No save dialog in a tab: the file is built first (a job, id = the export's), then handed to the browser's download.
    saveReport: async ({ exportId, ...req }) => {
      exports.set(exportId, false);
      try {
        const r = await exportReport(exportId, req);
        if (r.kind === 'cancelled' || exports.get(exportId)) return null;
        downloadBase64(r.file.fileName, r.file.mimeType, r.file.base64);
        return { name: r.file.fileName, failedMethods: r.file.failedMethods };
      } finally {
        exports.delete(exportId);
      }
    },
    // Stops the job's thread; a job that has just finished (or not yet started) is dropped here instead: nothing is downloaded.
    cancelReport: async ({ exportId }) => {
      if (exports.get(exportId) !== false) return { cancelled: false };
      exports.set(exportId, true);
      await cancelJob(exportId).catch(() => ({ cancelled: false }));
      return { cancelled: true };
    },
    setDocumentState: async (s) => {
      dirty = s.dirty;
      document.title = s.portfolio ? `${s.dirty ? '• ' : ''}${s.portfolio}${s.revision !== undefined ? ` — revision ${s.revision}` : ''}${s.dirty ? ' (unsaved)' : ''} — pmdesk` : 'pmdesk';
      return null;
    },
    closeWindow: async () => null,
  };
}
