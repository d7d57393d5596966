/**
 * Migration 6: the desktop window's state (issue 14) kept in the store, not in a second file:
 * per window key, the bounds, whether it was maximised, the last open portfolio and market.
 * One JSON row per key, replaced on every change (a few hundred bytes).
 */
export const migration0006 = {
  version: 6,
  name: 'window-state',
  sql: /* sql */ `
CREATE TABLE window_state (
  key        TEXT PRIMARY KEY,
  state      TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`,
} as const;
