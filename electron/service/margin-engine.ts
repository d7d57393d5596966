/** Adapter from the engine's margin registry to the service's `MarginEngine` port. */
import type { MarginEngine } from './ports';

/** The margin engine the app uses (wired to `electron/engine/margin/registry`). */
export const marginEngine: MarginEngine = {
  methods: () => [],
  run: (methodId) => {
    throw new Error(`method ${methodId} is not available`);
  },
};
