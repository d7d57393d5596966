/**
 * The one request path shared by Electron IPC and the web host: validate the raw request
 * against the channel's schema, call the service, and wrap the outcome in the envelope.
 * It never throws, so a malformed request can never take the process down.
 */
import { isInvokeChannel, parseRequest } from '../../shared/ipc/schemas';
import type { IpcResult } from '../../shared/ipc/result';
import type { InvokeChannel, Req, Res } from '../../shared/ipc/contract';
import { toIpcError } from './service-errors';

/** The service: one method per channel (the exhaustive handler map of house style E3). */
export type AppService = { [C in InvokeChannel]: (req: Req<C>) => Promise<Res<C>> | Res<C> };

/** Validate and run one request. `onInternalError` sees unexpected failures (for logging). */
export async function dispatch(
  service: AppService,
  channel: string,
  raw: unknown,
  onInternalError: (channel: string, e: unknown) => void = () => {},
): Promise<IpcResult<unknown>> {
  if (!isInvokeChannel(channel)) return { ok: false, error: { code: 'not-found', message: `unknown channel "${channel}"` } };
  try {
    const req = parseRequest(channel, raw);
    const handler = service[channel] as (r: typeof req) => Promise<unknown> | unknown;
    const value = await handler(req);
    return { ok: true, value };
  } catch (e) {
    const error = toIpcError(e);
    if (error.code === 'internal') onInternalError(channel, e);
    return { ok: false, error };
  }
}

/** A dispatcher that runs the service in this thread (tests, the CLI). The app uses the service worker. */
export function inProcessDispatcher(service: AppService, onInternalError?: (channel: string, e: unknown) => void) {
  return (channel: string, raw: unknown): Promise<IpcResult<unknown>> => dispatch(service, channel, raw, onInternalError);
}
