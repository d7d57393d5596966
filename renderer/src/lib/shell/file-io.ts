/**
 * The two file call sites of views the shell does not own (the chart's PNG export, the market
 * editor's "Load file…"): inside Electron they go through main's native dialogs (main writes or
 * reads the file; the page never sees a path); in the web host the browser's download and the
 * view's own file input stay.
 */
import type { FilePurpose } from '../../../../shared/ipc/shell-contract';
import { api } from '../api';

/** Save a PNG data URL (`canvas.toDataURL('image/png')`) as `name`: the native save dialog, or a download. */
export async function savePngDataUrl(name: string, dataUrl: string): Promise<void> {
  const base64 = dataUrl.replace(/^data:image\/png;base64,/, '');
  if (!base64 || base64 === dataUrl) return;
  await api.shell.saveFile({ purpose: 'chart', suggestedName: name, text: base64, encoding: 'base64' });
}

/**
 * Let the user choose a file to open as `purpose`: inside Electron main's open dialog (then `use`
 * gets it as a File); elsewhere the view's own hidden file input is clicked (its change handler
 * takes the file as before).
 */
export async function chooseFileFor(purpose: FilePurpose, fallback: HTMLInputElement | undefined, use: (file: File) => unknown): Promise<void> {
  if (api.shell.kind !== 'native') return void fallback?.click();
  const f = await api.shell.openFile({ purpose });
  if (f) await use(new File([f.text], f.name));
}
