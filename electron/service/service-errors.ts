/** Errors the service raises on purpose, and their mapping to the IPC error envelope. */
import { RequestValidationError } from '../../shared/ipc/schemas';
import type { IpcError } from '../../shared/ipc/result';

/** A requested record does not exist. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** A save based on a revision that is no longer the latest (someone else saved in between). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A request named a margin method the engine does not have. */
export class UnknownMethodError extends Error {
  constructor(ids: string[]) {
    super(`unknown margin method ${ids.map((i) => `"${i}"`).join(', ')}`);
    this.name = 'UnknownMethodError';
  }
}

/** Error classes (by name) whose message is a user-facing description of bad input. */
const INPUT_ERROR_NAMES = new Set([
  'DecimalParseError', 'InstrumentError', 'MarketDataError', 'ValidationError', 'ParameterError',
  'ImportValidationError', 'ScenarioError', 'MarginInputError', 'StoreValidationError', 'UnknownMethodError',
  'ParamsError', 'ScenarioSetError', 'PricingError', 'ImpliedVolError',
]);

/** Whether `e` describes bad input (its message is for the user) rather than a defect. */
export function isInputError(e: unknown): boolean {
  return e instanceof Error && INPUT_ERROR_NAMES.has(e.name);
}

/**
 * Turn anything thrown by a handler into plain envelope data. Input errors keep their message;
 * unexpected errors are reported as `internal` with the message (never a stack) and logged by the host.
 */
export function toIpcError(e: unknown): IpcError {
  if (e instanceof RequestValidationError) return { code: 'validation', message: e.message, issues: e.issues };
  if (e instanceof NotFoundError) return { code: 'not-found', message: e.message };
  if (e instanceof ConflictError) return { code: 'conflict', message: e.message };
  if (isInputError(e)) return { code: 'validation', message: (e as Error).message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `internal error: ${message}` };
}
