/**
 * Native open/save dialogs for every file the user opens or saves. Main shows the dialog, reads or
 * writes the chosen file, and gives the renderer only the content and the file's name: the page
 * never sees or supplies a path. A save goes to a temporary file beside the target, then is renamed
 * over it, so a failed or interrupted write leaves the old file whole.
 */
import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MAX_SHELL_FILE_BYTES, REPORT_FILE_EXTENSION, type FilePurpose, type OpenedFileDto, type SaveEncoding } from '../../../shared/ipc/shell-contract';

const ALL_FILES: FileFilter = { name: 'All files', extensions: ['*'] };
const JSON_FILE = (name: string): FileFilter => ({ name, extensions: ['json'] });
const CSV_FILE: FileFilter = { name: 'CSV', extensions: ['csv'] };

/**
 * Titles and filters per purpose: `open` for the open dialog, `save` for the save dialog (the one
 * matching the suggested name's extension is put first). A purpose without `save` or `open`
 * refuses that direction (a chart is only saved; positions are only opened).
 */
export const FILE_DIALOGS: Record<FilePurpose, { open?: { title: string; filters: FileFilter[] }; save?: { title: string; filters: FileFilter[] } }> = {
  positions: { open: { title: 'Import positions', filters: [{ name: 'Positions (CSV, venue export, portfolio JSON)', extensions: ['csv', 'txt', 'json'] }, ALL_FILES] } },
  market: {
    open: { title: 'Import market snapshot', filters: [JSON_FILE('Market snapshot JSON')] },
    save: { title: 'Export market snapshot', filters: [JSON_FILE('Market snapshot JSON')] },
  },
  parameters: { open: { title: 'Import parameter set', filters: [JSON_FILE('Parameter set JSON')] } },
  // The re-runnable report: `.pmreport` (the file association) first; a report saved as `.json` still opens.
  report: {
    open: { title: 'Open report', filters: [{ name: 'pmdesk report', extensions: [REPORT_FILE_EXTENSION, 'json'] }] },
    save: { title: 'Export report', filters: [{ name: 'pmdesk report', extensions: [REPORT_FILE_EXTENSION] }, JSON_FILE('JSON'), CSV_FILE] },
  },
  portfolio: { save: { title: 'Export portfolio', filters: [JSON_FILE('Portfolio JSON'), { name: 'Positions CSV', extensions: ['csv'] }] } },
  run: { save: { title: 'Export margin run', filters: [JSON_FILE('Margin run JSON'), { name: 'Margin run CSV', extensions: ['csv'] }] } },
  chart: { save: { title: 'Export chart', filters: [{ name: 'PNG image', extensions: ['png'] }] } },
};

/** Show an open dialog for `purpose`; the chosen file's name and text, or null if cancelled. */
export async function openFileWithDialog(win: BrowserWindow | undefined, purpose: FilePurpose): Promise<OpenedFileDto | null> {
  const spec = FILE_DIALOGS[purpose].open;
  if (!spec) throw new Error(`${purpose} files are not opened`);
  const options = { title: spec.title, filters: spec.filters, properties: ['openFile' as const] };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const path = r.canceled ? undefined : r.filePaths[0];
  if (!path) return null;
  return readChosenFile(path);
}

/** Read a file the user chose (a dialog, or the OS opening it with pmdesk): name and text, up to the size limit. */
export async function readChosenFile(path: string): Promise<OpenedFileDto> {
  const size = (await stat(path)).size;
  if (size > MAX_SHELL_FILE_BYTES) throw new Error(`${basename(path)} is ${size} bytes; pmdesk reads files up to ${MAX_SHELL_FILE_BYTES} bytes`);
  return { name: basename(path), text: await readFile(path, 'utf8') };
}

/** The bytes to write: UTF-8 text, or base64 checked (no silent skipping of stray characters) and decoded. */
export function fileBytes(text: string, encoding: SaveEncoding = 'utf8'): Buffer {
  if (encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('the file content is not base64');
  const bytes = Buffer.from(text, encoding);
  if (bytes.length > MAX_SHELL_FILE_BYTES) throw new Error(`the file is ${bytes.length} bytes; pmdesk writes files up to ${MAX_SHELL_FILE_BYTES} bytes`);
  return bytes;
}

/** Show a save dialog and write `text` to the chosen file (atomically); its name, or null if cancelled. */
export async function saveFileWithDialog(win: BrowserWindow | undefined, purpose: FilePurpose, suggestedName: string, text: string, encoding: SaveEncoding = 'utf8'): Promise<{ name: string } | null> {
  const spec = FILE_DIALOGS[purpose].save;
  if (!spec) throw new Error(`${purpose} files are not saved`);
  const bytes = fileBytes(text, encoding);
  const ext = suggestedName.split('.').pop()?.toLowerCase();
  // The suggested name's own type first, so "report.csv" is not offered as JSON.
  const filters = [...spec.filters].sort((a, b) => Number(b.extensions.includes(ext ?? '')) - Number(a.extensions.includes(ext ?? '')));
  const options = { title: spec.title, defaultPath: basename(suggestedName), filters };
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return null;
  await writeAtomically(r.filePath, bytes);
  return { name: basename(r.filePath) };
}

/** Write beside the target and rename over it: readers see the old file or the new one, never half. */
export async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, data, typeof data === 'string' ? { encoding: 'utf8', flush: true } : { flush: true });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
