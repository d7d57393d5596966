/** The IPC/HTTP error envelope: every call answers `{ ok: true, value }` or `{ ok: false, error }`. */

/** Kinds of failure a caller can act on. */
export type IpcErrorCode = 'validation' | 'not-found' | 'conflict' | 'unauthorized' | 'forbidden' | 'internal';

/** One schema issue: where (dot path into the request) and what. */
export interface IpcIssue {
  path: string;
  message: string;
}

/** A failure as it crosses a process boundary: plain data, never an Error instance. */
export interface IpcError {
  code: IpcErrorCode;
  message: string;
  issues?: IpcIssue[];
}

/** The envelope every handler returns. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Error thrown on the caller's side when an envelope carries a failure. */
export class AppCallError extends Error {
  readonly code: IpcErrorCode;
  readonly issues: IpcIssue[];
  constructor(readonly channel: string, error: IpcError) {
    super(`${channel}: ${error.message}`);
    this.name = 'AppCallError';
    this.code = error.code;
    this.issues = error.issues ?? [];
  }
}

/** Unwrap an envelope: the value, or throw `AppCallError`. Anything that is not an envelope is an internal error. */
export function unwrapResult<T>(channel: string, raw: unknown): T {
  if (raw && typeof raw === 'object' && 'ok' in raw) {
    const r = raw as IpcResult<T>;
    if (r.ok) return r.value;
    throw new AppCallError(channel, r.error);
  }
  throw new AppCallError(channel, { code: 'internal', message: 'malformed response envelope' });
}
