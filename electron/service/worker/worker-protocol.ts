/** Messages between a host (Electron main, web host) and the service worker thread. */
import type { IpcResult } from '../../../shared/ipc/result';
import type { JobProgressDto } from '../../../shared/ipc/job-contract';

/** One request: a raw (unvalidated) payload on a channel; the worker validates it. */
export interface WorkerRequest {
  id: number;
  channel: string;
  raw: unknown;
}

/** The answer to request `id`: the same envelope IPC and HTTP return. */
export interface WorkerResponse {
  id: number;
  result: IpcResult<unknown>;
}

/** Unasked: a long job moved on (the one typed progress channel from the worker; the host may show it, e.g. on the taskbar). */
export interface WorkerProgress {
  progress: JobProgressDto;
}

/** How a host hands a request to the service (in process or in a worker), answered with an envelope. */
export type Dispatcher = (channel: string, raw: unknown) => Promise<IpcResult<unknown>>;
