/**
 * Preload (sandboxed, bundled to one CommonJS file): exposes `window.api`, one method per contract
 * channel, built by the shared `buildApi`. No raw ipcRenderer or generic send escapes the bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi, type AppApi } from '../../shared/ipc/api';
import { unwrapResult } from '../../shared/ipc/result';

const api: AppApi = buildApi((channel, req) =>
  ipcRenderer.invoke(channel, req).then((raw: unknown) => unwrapResult(channel, raw)),
);

contextBridge.exposeInMainWorld('api', api);
