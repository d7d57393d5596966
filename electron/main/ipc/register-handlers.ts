/**
 * Registers one `ipcMain.handle` per contract channel. Each checks the sender is our own renderer,
 * then goes through `dispatch` (schema validation + envelope), the same path the web host uses.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import { dispatch, type AppService } from '../../service/dispatch';
import { isAppUrl } from '../modules/security';

/** Register every channel; returns the list registered (tests assert it equals the contract). */
export function registerHandlers(service: AppService, devServerUrl: string | undefined, log: (msg: string) => void = console.error): string[] {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, raw: unknown): Promise<IpcResult<unknown>> => {
      const senderUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(senderUrl, devServerUrl)) {
        return { ok: false, error: { code: 'forbidden', message: `sender ${senderUrl || '(unknown)'} is not the pmdesk renderer` } };
      }
      return dispatch(service, channel, raw, (c, e) => log(`[ipc] ${c} failed: ${e instanceof Error ? e.stack : String(e)}`));
    });
  }
  return [...INVOKE_CHANNELS];
}
