/**
 * Native open/save dialogs for every file the user opens or saves. Main shows the dialog, reads or
 * writes the chosen file, and gives the renderer only the content and the file's name: the page
 * never sees or supplies a path. A save goes to a temporary file beside the target, then is renamed
 * over it, so a failed or interrupted write leaves the old file whole.
 */
import { dialog, type BrowserWindow, type FileFilter } from 'electron';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MAX_SHELL_FILE_BYTES, type FilePurpose, type OpenedFileDto } from '../../../shared/ipc/shell-contract';

/** Filters and titles per purpose. */
export const FILE_DIALOGS: Record<FilePurpose, { title: string; filters: FileFilter[] }> = {
  positions: { title: 'Import positions', filters: [{ name: 'Positions (CSV, venue export, portfolio JSON)', extensions: ['csv', 'txt', 'json'] }, { name: 'All files', extensions: ['*'] }] },
  market: { title: 'Import market snapshot', filters: [{ name: 'Market snapshot JSON', extensions: ['json'] }] },
  parameters: { title: 'Import parameter set', filters: [{ name: 'Parameter set JSON', extensions: ['json'] }] },
  report: { title: 'Export report', filters: [{ name: 'pmdesk report JSON', extensions: ['json'] }, { name: 'CSV', extensions: ['csv'] }, { name: 'All files', extensions: ['*'] }] },
};

/** Show an open dialog for `purpose`; the chosen file's name and text, or null if cancelled. */
export async function openFileWithDialog(win: BrowserWindow | undefined, purpose: FilePurpose): Promise<OpenedFileDto | null> {
  const spec = FILE_DIALOGS[purpose];
  const options = { title: spec.title, filters: spec.filters, properties: ['openFile' as const] };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const path = r.canceled ? undefined : r.filePaths[0];
  if (!path) return null;
  const size = (await stat(path)).size;
  if (size > MAX_SHELL_FILE_BYTES) throw new Error(`${basename(path)} is ${size} bytes; pmdesk reads files up to ${MAX_SHELL_FILE_BYTES} bytes`);
  return { name: basename(path), text: await readFile(path, 'utf8') };
}

/** Show a save dialog and write `text` to the chosen file (atomically); its name, or null if cancelled. */
export async function saveFileWithDialog(win: BrowserWindow | undefined, purpose: FilePurpose, suggestedName: string, text: string): Promise<{ name: string } | null> {
  const spec = FILE_DIALOGS[purpose];
  const ext = suggestedName.split('.').pop()?.toLowerCase();
  // The suggested name's own type first, so "report.csv" is not offered as JSON.
  const filters = [...spec.filters].sort((a, b) => Number(b.extensions.includes(ext ?? '')) - Number(a.extensions.includes(ext ?? '')));
  const options = { title: spec.title, defaultPath: basename(suggestedName), filters };
  const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  if (r.canceled || !r.filePath) return null;
  await writeAtomically(r.filePath, text);
  return { name: basename(r.filePath) };
}

/** Write beside the target and rename over it: readers see the old file or the new one, never half. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flush: true });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
