/**
 * The shell in the web host (a plain browser tab): no native menu (the renderer's keyboard
 * fallback runs the commands), a file input for opening, a download for saving, the tab title for
 * the unsaved mark, and the browser's leave-page prompt while edits are unsaved.
 */
import type { FilePurpose, OpenedFileDto, ShellApi } from '../../../../shared/ipc/shell-contract';
import { downloadText } from '../download';

const ACCEPT: Record<FilePurpose, string> = {
  positions: '.csv,.txt,.json',
  market: '.json',
  parameters: '.json',
  report: '.json,.csv',
};

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

/** Build the browser shell. */
export function browserShell(): ShellApi {
  let dirty = false;
  window.addEventListener('beforeunload', (e) => {
    if (dirty) e.preventDefault();
  });
  return {
    kind: 'browser',
    onCommand: () => () => {},
    onSaveAndClose: () => () => {},
    // The web host's worker restarts too; its terminal prints why.
    onNotice: () => () => {},
    openFile: (r) => pickFile(r.purpose),
    saveFile: async (r) => {
      downloadText(r.suggestedName, r.suggestedName.endsWith('.csv') ? 'text/csv' : 'application/json', r.text);
      return { name: r.suggestedName };
    },
    setDocumentState: async (s) => {
      dirty = s.dirty;
      document.title = s.portfolio ? `${s.dirty ? '• ' : ''}${s.portfolio}${s.revision !== undefined ? ` — revision ${s.revision}` : ''}${s.dirty ? ' (unsaved)' : ''} — pmdesk` : 'pmdesk';
      return null;
    },
    closeWindow: async () => null,
  };
}
