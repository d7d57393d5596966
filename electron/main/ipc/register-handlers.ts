/**
 * Registers one `ipcMain.handle` per contract channel. Each checks the sender is our own renderer,
 * then goes through the dispatcher (schema validation + envelope), the same path the web host uses.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import type { Dispatcher } from '../../service/worker/worker-protocol';
import { isAppUrl, type AppLocation } from '../modules/security';

/**
 * Register every channel; returns the list registered (tests assert it equals the contract).
 * `dispatch` validates and runs the request (in the service worker in the app).
 */
export function registerHandlers(dispatch: Dispatcher, where: AppLocation): string[] {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, raw: unknown): Promise<IpcResult<unknown>> => {
      const senderUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(senderUrl, where)) {
        return { ok: false, error: { code: 'forbidden', message: `sender ${senderUrl || '(unknown)'} is not the pmdesk renderer` } };
      }
      return dispatch(channel, raw);
    });
  }
  return [...INVOKE_CHANNELS];
}
