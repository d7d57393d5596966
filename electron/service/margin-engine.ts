/** Adapter from the engine's margin registry to the service's `MarginEngine` port. */
import { marginEngine as registryEngine } from '../engine/margin/registry';
import type { MarginEngine } from './ports';

/** The margin engine the app uses: every method of `electron/engine/margin/registry.ts`. */
export const marginEngine: MarginEngine = {
  methods: () => registryEngine.methods(),
  run: (methodId, portfolio, snapshotJson) => registryEngine.run(methodId, portfolio, snapshotJson),
};
