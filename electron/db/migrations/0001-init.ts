/**
 * Migration 1: portfolios with immutable revisions (positions and balances as rows, decimals as
 * TEXT exactly as entered) and market snapshots with revisions (JSON text stored verbatim).
 */
export const migration0001 = {
  version: 1,
  name: 'init',
  sql: /* sql */ `
CREATE TABLE portfolio (
  id            TEXT PRIMARY KEY NOT NULL,
  created_at    TEXT NOT NULL,
  head_revision INTEGER NOT NULL
) STRICT;

CREATE TABLE portfolio_revision (
  portfolio_id   TEXT NOT NULL REFERENCES portfolio(id),
  revision       INTEGER NOT NULL CHECK (revision >= 1),
  name           TEXT NOT NULL,
  saved_at       TEXT NOT NULL,
  note           TEXT,
  restored_from  INTEGER,
  position_count INTEGER NOT NULL,
  PRIMARY KEY (portfolio_id, revision)
) STRICT;

CREATE TABLE position (
  portfolio_id  TEXT NOT NULL,
  revision      INTEGER NOT NULL,
  ord           INTEGER NOT NULL,
  id            TEXT NOT NULL,
  instrument    TEXT NOT NULL,
  size          TEXT NOT NULL,
  average_price TEXT,
  note          TEXT,
  PRIMARY KEY (portfolio_id, revision, ord),
  FOREIGN KEY (portfolio_id, revision) REFERENCES portfolio_revision(portfolio_id, revision)
) STRICT;

CREATE TABLE balance (
  portfolio_id TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  ord          INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  amount       TEXT NOT NULL,
  PRIMARY KEY (portfolio_id, revision, ord),
  FOREIGN KEY (portfolio_id, revision) REFERENCES portfolio_revision(portfolio_id, revision)
) STRICT;

CREATE TABLE market_snapshot (
  id            TEXT PRIMARY KEY NOT NULL,
  created_at    TEXT NOT NULL,
  head_revision INTEGER NOT NULL
) STRICT;

CREATE TABLE market_snapshot_revision (
  snapshot_id   TEXT NOT NULL REFERENCES market_snapshot(id),
  revision      INTEGER NOT NULL CHECK (revision >= 1),
  name          TEXT NOT NULL,
  saved_at      TEXT NOT NULL,
  note          TEXT,
  restored_from INTEGER,
  body          TEXT NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (snapshot_id, revision)
) STRICT;

CREATE TRIGGER portfolio_revision_immutable_u BEFORE UPDATE ON portfolio_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER portfolio_revision_immutable_d BEFORE DELETE ON portfolio_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER position_immutable_u BEFORE UPDATE ON position BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER position_immutable_d BEFORE DELETE ON position BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER balance_immutable_u BEFORE UPDATE ON balance BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER balance_immutable_d BEFORE DELETE ON balance BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER market_snapshot_revision_immutable_u BEFORE UPDATE ON market_snapshot_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER market_snapshot_revision_immutable_d BEFORE DELETE ON market_snapshot_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
`,
} as const;
