/** Messages between a host (Electron main, web host) and the service worker thread. */
import type { IpcResult } from '../../../shared/ipc/result';
import type { JobProgressDto } from '../../../shared/ipc/job-contract';

/** One request: a raw (unvalidated) payload on a channel; the worker validates it. */
export interface WorkerRequest {
  id: number;
  channel: string;
  raw: unknown;
  /**
   * Answer with the envelope as JSON text (the web host, which sends it as the HTTP body): one
   * string crosses the thread boundary instead of a structured clone of the object graph (a
   * 20,000-row snapshot is ~7 MB: cloning it cost more than serializing it), and the host does not
   * serialize it again.
   */
  json?: boolean;
}

/** The answer to request `id`: the same envelope IPC and HTTP return (as an object, or as its JSON text when asked). */
export type WorkerResponse =
  | { id: number; result: IpcResult<unknown> }
  | { id: number; json: string; ok: boolean; code?: string };

/** The envelope as JSON text, with what the web host needs to pick the HTTP status. */
export interface JsonEnvelope {
  json: string;
  ok: boolean;
  /** The error code of a refused call. */
  code?: string;
}

/** Unasked: a long job moved on (the one typed progress channel from the worker; the host may show it, e.g. on the taskbar). */
export interface WorkerProgress {
  progress: JobProgressDto;
}

/** How a host hands a request to the service (in process or in a worker), answered with an envelope. */
export type Dispatcher = (channel: string, raw: unknown) => Promise<IpcResult<unknown>>;

/** The same, answered with the envelope's JSON text (`WorkerRequest.json`). */
export type JsonDispatcher = (channel: string, raw: unknown) => Promise<JsonEnvelope>;

/** The envelope as JSON text (the worker's side of `WorkerRequest.json`, and the in-process fallback). */
export function jsonEnvelope(result: IpcResult<unknown>): JsonEnvelope {
  return { json: JSON.stringify(result), ok: result.ok, ...(result.ok ? {} : { code: result.error.code }) };
}
