/** Identifier and clock helpers shared by the repositories. */
import { randomUUID } from 'node:crypto';

/** A new random id (UUID v4 text) for portfolios, documents, positions and runs. */
export function newId(): string {
  return randomUUID();
}

/** ISO-8601 UTC timestamp with milliseconds, e.g. `2026-11-24T13:20:00.000Z`. */
export function isoNow(now: () => Date): string {
  return now().toISOString();
}
