/**
 * Vitest setup: property tests (fast-check) run from a fixed seed so every run explores the same
 * cases (tests stay deterministic; a failure prints its seed and path). `FC_SEED=<n>` explores others.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env['FC_SEED'] ?? 20261124) });
