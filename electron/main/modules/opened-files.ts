/**
 * Files the OS opens with pmdesk (electron-builder.json's `.pmreport` association; a report saved
 * as `.json` too): macOS sends `open-file` (also before `ready`, when the app is started by the
 * double-click); Windows and Linux put the path on the command line of the first instance or, when
 * pmdesk is already running, of the second instance, which hands its argv to the first
 * (single-instance.ts) and quits. Main reads the file (size-limited) and queues its name and text;
 * the renderer is told (`shell:files-opened`) and takes the queue (`shell:take-opened-files`),
 * so a file opened before the page has loaded is not lost. The renderer never sees the path.
 */
import { app } from 'electron';
import { extname, isAbsolute, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { REPORT_FILE_EXTENSION, type OpenedFileDto } from '../../../shared/ipc/shell-contract';
import { readChosenFile } from './file-dialogs';

/** Extensions pmdesk opens when the OS hands it a file. */
export const OPENABLE_EXTENSIONS = [`.${REPORT_FILE_EXTENSION}`, '.json'] as const;

/**
 * The report files named on a command line (`argv[0]` is the executable; flags, and in
 * development the app folder `.`, are skipped), resolved against the launching `cwd`.
 */
export function reportPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv.slice(1)
    .filter((a) => !a.startsWith('-') && (OPENABLE_EXTENSIONS as readonly string[]).includes(extname(a).toLowerCase()))
    .map((a) => (isAbsolute(a) ? a : resolve(cwd, a)));
}

export interface OpenedFiles {
  /** Read and queue each path (not a regular file, or unreadable: `onError`, nothing queued). */
  open(paths: readonly string[]): Promise<void>;
  /** The queued files, once each. */
  take(): OpenedFileDto[];
}

/**
 * The queue of opened files; `notify` tells the renderer there is something to take (and should
 * bring its window to the front), `onError` tells the user a file could not be read.
 */
export function openedFiles(notify: () => void, onError: (message: string) => void): OpenedFiles {
  const queue: OpenedFileDto[] = [];
  return {
    async open(paths) {
      let added = 0;
      for (const path of paths) {
        try {
          if (!(await stat(path)).isFile()) throw new Error('not a file');
          queue.push(await readChosenFile(path));
          added++;
        } catch (e) {
          onError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (added > 0) notify();
    },
    take: () => queue.splice(0),
  };
}

/**
 * Listen for files the OS opens with the app: macOS `open-file` (registered at once: it can fire
 * before `ready`) and this instance's own command line. A second instance's argv arrives through
 * `enableSingleInstance`'s callback: pass it to `files.open(reportPathsFromArgv(argv, cwd))`.
 */
export function enableOpenedFiles(files: OpenedFiles, argv: readonly string[] = process.argv, cwd: string = process.cwd()): void {
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void files.open([path]);
  });
  void files.open(reportPathsFromArgv(argv, cwd));
}
