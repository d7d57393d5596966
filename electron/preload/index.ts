/**
 * Preload (sandboxed, bundled to one CommonJS file): exposes `window.api`, one method per contract
 * channel, built by the shared `buildApi`, plus the shell (menu commands, dialogs, title, layout)
 * built by `buildNativeShell`. No raw ipcRenderer or generic send escapes the bridge; every push
 * from main is checked against its schema before the page sees it.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi, type AppApi } from '../../shared/ipc/api';
import { unwrapResult } from '../../shared/ipc/result';
import { buildNativeShell, parseShellEvent, type ShellTransport } from '../../shared/ipc/shell-contract';

const transport: ShellTransport = {
  invoke: (channel, req) => ipcRenderer.invoke(channel, req).then((raw: unknown) => unwrapResult(channel, raw)) as never,
  on: (event, fn) => {
    const listener = (_e: IpcRendererEvent, raw: unknown) => {
      const payload = parseShellEvent(event, raw);
      if (payload !== undefined) fn(payload);
    };
    ipcRenderer.on(event, listener);
    return () => void ipcRenderer.off(event, listener);
  },
};

const api: AppApi = buildApi(
  (channel, req) => ipcRenderer.invoke(channel, req).then((raw: unknown) => unwrapResult(channel, raw)),
  buildNativeShell(transport),
);

contextBridge.exposeInMainWorld('api', api);
