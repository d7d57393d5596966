/**
 * Migration 5: the working-session journal (issue 9). Every accepted edit batch of an open book
 * is one row here, written (with `synchronous=FULL`) before the edit is acknowledged, so a crash
 * loses no acknowledged edit and the next start replays the pending rows onto the head revision.
 * A revision cut (save, close, autosave) stamps the pending rows with the revision they went into:
 * history lists revisions, and each revision still lists the edits it is made of. A row holds the
 * batch's operations and their inverse (JSON, O(changed rows)), never the whole book.
 */
export const migration0005 = {
  version: 5,
  name: 'working-edits',
  sql: /* sql */ `
CREATE TABLE working_edit (
  portfolio_id  TEXT NOT NULL REFERENCES portfolio(id),
  seq           INTEGER NOT NULL CHECK (seq >= 1),
  kind          TEXT NOT NULL CHECK (kind IN ('edit', 'undo', 'redo')),
  target        INTEGER,
  base_revision INTEGER NOT NULL CHECK (base_revision >= 1),
  label         TEXT NOT NULL,
  ops           TEXT NOT NULL,
  inverse       TEXT NOT NULL,
  op_count      INTEGER NOT NULL CHECK (op_count >= 0),
  at            TEXT NOT NULL,
  revision      INTEGER,
  PRIMARY KEY (portfolio_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX working_edit_pending ON working_edit (portfolio_id, revision, seq);
`,
} as const;
