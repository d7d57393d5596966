/**
 * Choosing a positions file (the cause of import-progress.spec's failure on a loaded machine): the
 * format guessed from a large file's header arrives after its text is read, and must not replace a
 * format the user picked meanwhile; until the text is read there is nothing to check.
 */
import { describe, expect, it } from 'vitest';
import type { AppApi } from '../../../../shared/ipc/api';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import type { RunAllState } from '../shell/run-all-state.svelte';
import { FilesState } from './files-state.svelte';

/** A File whose text() answers only when `release` is called (a slow read of a large file). */
function slowFile(name: string, text: string) {
  let release!: () => void;
  const gate = new Promise<void>((ok) => (release = ok));
  const file = new File([text], name, { type: 'text/csv' });
  Object.defineProperty(file, 'text', { value: () => gate.then(() => text) });
  return { file, release };
}

const sut = () => new FilesState({} as AppApi, {} as WorkspaceState, {} as RunAllState);
const DERIBIT = 'instrument_name,size,average_price\nBTC-PERPETUAL,100,1\n';

describe('FilesState.chooseFile', () => {
  it('guesses Deribit from instrument_name + size (no direction column)', async () => {
    const fs = sut();
    fs.format = 'okx';
    await fs.chooseFile(new File([DERIBIT], 'positions.csv'));
    expect(fs.format).toBe('deribit');
    expect(fs.text).toBe(DERIBIT);
  });

  it('keeps a format picked while the file is still being read; no text until it is read', async () => {
    const fs = sut();
    const { file, release } = slowFile('big.csv', 'Sym,Qty\nBTC-PERPETUAL,1\n');
    const choosing = fs.chooseFile(file);
    expect(fs.text).toBe('');
    fs.format = 'deribit';
    release();
    await choosing;
    expect(fs.format).toBe('deribit'); // the guess ('generic') came later and is not applied
    expect(fs.text).toBe('Sym,Qty\nBTC-PERPETUAL,1\n');
  });

  it('a file chosen earlier but read later does not replace the later one', async () => {
    const fs = sut();
    const first = slowFile('first.csv', 'Sym,Qty\nX,1\n');
    const a = fs.chooseFile(first.file);
    await fs.chooseFile(new File([DERIBIT], 'second.csv'));
    first.release();
    await a;
    expect({ name: fs.fileName, text: fs.text, format: fs.format }).toEqual({ name: 'second.csv', text: DERIBIT, format: 'deribit' });
  });
});
