/**
 * The commit gate of an import job (see import-thread.ts): a shared Int32 the service and the
 * import thread both claim with a compare-and-swap, so exactly one of "Cancel" and "commit" wins.
 */
import type { Store } from '../../db/index';

/** The gate's states (an `Int32Array` over a `SharedArrayBuffer`, index 0). */
export const GATE_RUNNING = 0;
export const GATE_CANCELLED = 1;
export const GATE_COMMITTING = 2;

/** Thrown inside the import's transaction when Cancel won the gate (the transaction rolls back). */
export class CancelledImport extends Error {}

/**
 * `store` whose writes end by claiming `gate` inside their transaction (the outermost one: a
 * repository's own transaction nests as a savepoint inside it).
 */
export function gatedStore(store: Store, gate: Int32Array): Store {
  const claim = () => {
    if (Atomics.compareExchange(gate, 0, GATE_RUNNING, GATE_COMMITTING) !== GATE_RUNNING) throw new CancelledImport('cancelled');
  };
  const transaction = <T>(fn: () => T): T => store.transaction(() => {
    const out = fn();
    claim();
    return out;
  });
  const gatedDocs = (repo: Store['marketSnapshots']): Store['marketSnapshots'] => ({
    ...repo,
    saveText: (name, text, note) => transaction(() => repo.saveText(name, text, note)),
    saveRevision: (id, body, opts) => transaction(() => repo.saveRevision(id, body, opts)),
  });
  return { ...store, transaction, marketSnapshots: gatedDocs(store.marketSnapshots), scenarioSets: gatedDocs(store.scenarioSets), parameterSets: gatedDocs(store.parameterSets) };
}

