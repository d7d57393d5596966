/**
 * The desktop-shell channels (issue 14): menu commands pushed to the renderer, native open/save
 * dialogs (main reads and writes the file; the renderer gets the content and the file's name,
 * never a path), the window's title/unsaved state, and the close-with-unsaved flow. Handled by Electron main itself (`electron/main/modules/shell-ipc.ts`), not by the
 * service; the web host has browser equivalents (`renderer/src/lib/shell/browser-shell.ts`).
 * `ShellApi` is merged into `AppApi` (api.ts) with one line.
 */
import * as v from 'valibot';
import { RENDERER_COMMAND_IDS, type RendererCommandId } from '../commands/command-table';
import { arrayWhereObjectBelongs } from './plain-objects';
import { Id } from './common-schemas';
import { reportRequestSchemas, type ReportExportRequestDto } from './report-contract';

/** Formats the user saves a report in (the service's `html` is only main's input to printToPDF). */
export const SAVE_REPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
/** "Export report…": the open book's report, saved where the user chooses (a download in the web host). */
export type SaveReportRequestDto = Omit<ReportExportRequestDto, 'format'> & {
  format: (typeof SAVE_REPORT_FORMATS)[number];
  /** Names this export for `shell:cancel-report` (chosen by the renderer). */
  exportId: string;
};
/** The saved file's name (no folder) and the methods that failed on the book; `null` if the dialog was cancelled. */
export type SavedReportDto = { name: string; failedMethods: string[] } | null;

/**
 * What a file dialog is for: picks the filters and the default name. Opened: `positions`,
 * `market`, `parameters`, `report` (a re-runnable report, `.pmreport`). Saved: `portfolio` (book
 * JSON / positions CSV), `market`, `run` (margin run JSON / CSV), `report`, `chart` (PNG).
 */
export const FILE_PURPOSES = ['positions', 'market', 'parameters', 'report', 'portfolio', 'run', 'chart'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/**
 * The re-runnable JSON report's own extension (electron-builder's file association): the save
 * dialog offers it first; `.json` is still accepted when opening one.
 */
export const REPORT_FILE_EXTENSION = 'pmreport';

/** How `shell:save-file`'s `text` is to be written: as UTF-8 text (default) or as base64 bytes (a PNG). */
export type SaveEncoding = 'utf8' | 'base64';

/** A file the user chose in an open dialog: its name (no folder) and its text. */
export interface OpenedFileDto {
  name: string;
  text: string;
}

/** Largest file main reads or writes for the renderer (the import channels refuse more anyway). */
export const MAX_SHELL_FILE_BYTES = 64 * 1024 * 1024;

/** Main → renderer pushes. */
export interface ShellEventContract {
  /** A menu command for the renderer's command registry. */
  'shell:command': { id: RendererCommandId };
  /** The user asked to close with unsaved edits and chose "Save revision": save, then `closeWindow`. */
  'shell:save-and-close': { note?: string };
  /** Something the user must be told (the service worker crashed and was restarted). */
  'shell:notice': { message: string };
  /** The OS opened files with pmdesk (a double-clicked report): take them with `shell:take-opened-files`. */
  'shell:files-opened': Record<string, never>;
}
export type ShellEvent = keyof ShellEventContract;

/** Renderer → main requests of the shell. */
export interface ShellInvokeContract {
  'shell:open-file': { req: { purpose: FilePurpose }; res: OpenedFileDto | null };
  'shell:save-file': { req: { purpose: FilePurpose; suggestedName: string; text: string; encoding?: SaveEncoding }; res: { name: string } | null };
  /**
   * The files the app was opened with (macOS `open-file`, the first instance's argv, a second
   * instance's argv), read by main: their names and text, never a path. Drained: each is given once.
   */
  'shell:take-opened-files': { req: undefined; res: OpenedFileDto[] };
  /**
   * Export the report: main shows the save dialog first (cancel: nothing is built or written),
   * has the service build the file as a job (`job:export-report` with `exportId` as its job id, so
   * `job:progress` follows it; a PDF is the `html` view printed by `webContents.printToPDF` in
   * main), and writes it atomically (electron/main/modules/report-export.ts).
   */
  'shell:save-report': { req: SaveReportRequestDto; res: SavedReportDto };
  /**
   * Stop a running export (Esc / Cancel): its job's thread is terminated (`job:cancel`), or a PDF
   * being printed is dropped; nothing is written or downloaded. `cancelled: false` if it was not
   * running or is already writing its file.
   */
  'shell:cancel-report': { req: { exportId: string }; res: { cancelled: boolean } };
  /** Title and unsaved mark (main asks before closing a dirty window). */
  'shell:document-state': { req: { portfolio?: string; revision?: number; dirty: boolean }; res: null };
  /** Close after the renderer saved (or the user discarded). */
  'shell:close-window': { req: undefined; res: null };
}
export type ShellChannel = keyof ShellInvokeContract;

export const SHELL_CHANNELS = [
  'shell:open-file', 'shell:save-file', 'shell:take-opened-files', 'shell:save-report', 'shell:cancel-report', 'shell:document-state', 'shell:close-window',
] as const satisfies readonly ShellChannel[];

const Purpose = v.picklist(FILE_PURPOSES);
const ShortText = (max: number) => v.pipe(v.string(), v.maxLength(max));
const FileName = v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.regex(/^[^/\\\0]+$/, 'a file name, not a path'));

/** Request schemas (main parses every shell request with these). */
export const shellRequestSchemas = {
  'shell:open-file': v.strictObject({ purpose: Purpose }),
  'shell:save-file': v.strictObject({
    purpose: Purpose, suggestedName: FileName,
    // Base64 of up to MAX_SHELL_FILE_BYTES bytes is 4/3 as long.
    text: v.pipe(v.string(), v.maxLength(Math.ceil(MAX_SHELL_FILE_BYTES / 3) * 4)),
    encoding: v.optional(v.picklist(['utf8', 'base64'])),
  }),
  'shell:take-opened-files': v.undefined(),
  'shell:save-report': v.strictObject({ ...reportRequestSchemas['report:export'].entries, format: v.picklist(SAVE_REPORT_FORMATS), exportId: Id }),
  'shell:cancel-report': v.strictObject({ exportId: Id }),
  'shell:document-state': v.strictObject({ portfolio: v.optional(ShortText(200)), revision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))), dirty: v.boolean() }),
  'shell:close-window': v.undefined(),
} satisfies { [C in ShellChannel]: v.GenericSchema<unknown, ShellInvokeContract[C]['req']> };

/** Event payload schemas: the preload checks every push before the renderer sees it. */
export const shellEventSchemas = {
  'shell:command': v.strictObject({ id: v.picklist(RENDERER_COMMAND_IDS) }),
  'shell:save-and-close': v.strictObject({ note: v.optional(ShortText(500)) }),
  'shell:notice': v.strictObject({ message: ShortText(1000) }),
  'shell:files-opened': v.strictObject({}),
} satisfies { [E in ShellEvent]: v.GenericSchema<unknown, ShellEventContract[E]> };

/** Longest wait of a `shell:notices` long poll (ms). */
export const MAX_NOTICE_WAIT_MS = 30_000;

/**
 * The web host's own channel: a browser tab gets no pushes, so it long-polls the notices that
 * Electron main pushes as `shell:notice` (same payload, shown the same way by `api.shell.onNotice`).
 * Answered by the web host itself (`electron/web-host/notice-board.ts`), not by the service: the
 * notice that the service worker restarted must outlive the worker.
 */
export interface WebHostInvokeContract {
  /**
   * Notices after `afterSeq`, waiting up to `waitMs` for one; without `afterSeq`, at once, the
   * current `seq` and no notices (where a new tab starts listening).
   */
  'shell:notices': { req: { afterSeq?: number; waitMs?: number }; res: { seq: number; notices: ShellEventContract['shell:notice'][] } };
}
export type WebHostChannel = keyof WebHostInvokeContract;
export const WEB_HOST_CHANNELS = ['shell:notices'] as const satisfies readonly WebHostChannel[];

/** Request schemas of the web host's own channels. */
export const webHostRequestSchemas = {
  'shell:notices': v.strictObject({
    afterSeq: v.optional(v.pipe(v.number(), v.integer('afterSeq must be an integer'), v.minValue(0, 'afterSeq starts at 0'))),
    waitMs: v.optional(v.pipe(v.number(), v.integer('waitMs must be an integer'), v.minValue(0, 'waitMs starts at 0'), v.maxValue(MAX_NOTICE_WAIT_MS, `waitMs is at most ${MAX_NOTICE_WAIT_MS}`))),
  }),
} satisfies { [C in WebHostChannel]: v.GenericSchema<unknown, WebHostInvokeContract[C]['req']> };

/** Parse a web host request as `parseRequest` does a service one: the request, or the issues (dot path + message). */
export function parseWebHostRequest<C extends WebHostChannel>(channel: C, raw: unknown):
  | { ok: true; req: WebHostInvokeContract[C]['req'] }
  | { ok: false; issues: { path: string; message: string }[] } {
  const schema = webHostRequestSchemas[channel] as v.GenericSchema<unknown, WebHostInvokeContract[C]['req']>;
  const arrayAt = arrayWhereObjectBelongs(schema as never, raw);
  if (arrayAt !== undefined) return { ok: false, issues: [{ path: arrayAt, message: 'must be an object, not an array' }] };
  const r = v.safeParse(schema, raw);
  return r.success ? { ok: true, req: r.output } : { ok: false, issues: r.issues.slice(0, 20).map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })) };
}

type Call<C extends ShellChannel> = ShellInvokeContract[C]['req'] extends undefined
  ? () => Promise<ShellInvokeContract[C]['res']>
  : (req: ShellInvokeContract[C]['req']) => Promise<ShellInvokeContract[C]['res']>;

/** The shell as the renderer sees it (`api.shell`). */
export interface ShellApi {
  /** `native` inside Electron (menu, dialogs, window state in main); `browser` in the web host. */
  readonly kind: 'native' | 'browser' | 'headless';
  onCommand(fn: (id: RendererCommandId) => void): () => void;
  onSaveAndClose(fn: (e: ShellEventContract['shell:save-and-close']) => void): () => void;
  onNotice(fn: (e: ShellEventContract['shell:notice']) => void): () => void;
  /** Files the OS opened the app with arrive (take them with `takeOpenedFiles`). */
  onFilesOpened(fn: () => void): () => void;
  openFile: Call<'shell:open-file'>;
  saveFile: Call<'shell:save-file'>;
  takeOpenedFiles: Call<'shell:take-opened-files'>;
  saveReport: Call<'shell:save-report'>;
  cancelReport: Call<'shell:cancel-report'>;
  setDocumentState: Call<'shell:document-state'>;
  closeWindow: Call<'shell:close-window'>;
}

/** Transport of the native shell: invoke a shell channel, subscribe to a validated push. */
export interface ShellTransport {
  invoke<C extends ShellChannel>(channel: C, req: ShellInvokeContract[C]['req']): Promise<ShellInvokeContract[C]['res']>;
  on<E extends ShellEvent>(event: E, fn: (payload: ShellEventContract[E]) => void): () => void;
}

/** The shell inside Electron, over a transport (the preload's ipcRenderer). */
export function buildNativeShell(t: ShellTransport): ShellApi {
  return {
    kind: 'native',
    onCommand: (fn) => t.on('shell:command', (e) => fn(e.id)),
    onSaveAndClose: (fn) => t.on('shell:save-and-close', fn),
    onNotice: (fn) => t.on('shell:notice', fn),
    onFilesOpened: (fn) => t.on('shell:files-opened', () => fn()),
    openFile: (r) => t.invoke('shell:open-file', r),
    saveFile: (r) => t.invoke('shell:save-file', r),
    takeOpenedFiles: () => t.invoke('shell:take-opened-files', undefined),
    saveReport: (r) => t.invoke('shell:save-report', r),
    cancelReport: (r) => t.invoke('shell:cancel-report', r),
    setDocumentState: (r) => t.invoke('shell:document-state', r),
    closeWindow: () => t.invoke('shell:close-window', undefined),
  } satisfies ShellApi;
}

/** No window at all (tests, the CLI): no commands arrive, dialogs are cancelled, nothing is kept. */
export const HEADLESS_SHELL: ShellApi = {
  kind: 'headless',
  onCommand: () => () => {},
  onSaveAndClose: () => () => {},
  onNotice: () => () => {},
  onFilesOpened: () => () => {},
  openFile: async () => null,
  saveFile: async () => null,
  takeOpenedFiles: async () => [],
  saveReport: async () => null,
  cancelReport: async () => ({ cancelled: false }),
  setDocumentState: async () => null,
  closeWindow: async () => null,
};

/** Parse a push payload; `undefined` if it does not match its schema (dropped, never thrown into the page). */
export function parseShellEvent<E extends ShellEvent>(event: E, raw: unknown): ShellEventContract[E] | undefined {
  const r = v.safeParse(shellEventSchemas[event] as unknown as v.GenericSchema<unknown, ShellEventContract[E]>, raw);
  return r.success ? r.output : undefined;
}

/** Parse a shell request or throw with the issues named. */
export function parseShellRequest<C extends ShellChannel>(channel: C, raw: unknown): ShellInvokeContract[C]['req'] {
  // valibot takes an array for an object or record (plain-objects.ts): refused first, as every other channel does.
  const arrayAt = arrayWhereObjectBelongs(shellRequestSchemas[channel] as never, raw);
  if (arrayAt !== undefined) throw new Error(`invalid ${channel} request: ${arrayAt} must be an object, not an array`);
  const r = v.safeParse(shellRequestSchemas[channel] as v.GenericSchema<unknown, ShellInvokeContract[C]['req']>, raw);
  if (r.success) return r.output;
  throw new Error(`invalid ${channel} request: ${r.issues.map((i) => `${v.getDotPath(i) ?? ''} ${i.message}`.trim()).join('; ')}`);
}
