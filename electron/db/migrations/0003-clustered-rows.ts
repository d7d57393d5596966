/**
 * Migration 3: store position and balance rows clustered by (portfolio, revision, row) in
 * `WITHOUT ROWID` tables — one b-tree instead of table + index, which roughly halves the cost of
 * saving a 20,000-position revision. Rows are copied unchanged; immutability triggers recreated.
 */
export const migration0003 = {
  version: 3,
  name: 'clustered-rows',
  sql: /* sql */ `
CREATE TABLE position_new (
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
) STRICT, WITHOUT ROWID;
INSERT INTO position_new (portfolio_id, revision, ord, id, instrument, size, average_price, note)
  SELECT portfolio_id, revision, ord, id, instrument, size, average_price, note FROM position;
DROP TABLE position;
ALTER TABLE position_new RENAME TO position;

CREATE TABLE balance_new (
  portfolio_id TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  ord          INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  amount       TEXT NOT NULL,
  PRIMARY KEY (portfolio_id, revision, ord),
  FOREIGN KEY (portfolio_id, revision) REFERENCES portfolio_revision(portfolio_id, revision)
) STRICT, WITHOUT ROWID;
INSERT INTO balance_new (portfolio_id, revision, ord, currency, amount)
  SELECT portfolio_id, revision, ord, currency, amount FROM balance;
DROP TABLE balance;
ALTER TABLE balance_new RENAME TO balance;

CREATE TRIGGER position_immutable_u BEFORE UPDATE ON position BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER position_immutable_d BEFORE DELETE ON position BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER balance_immutable_u BEFORE UPDATE ON balance BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER balance_immutable_d BEFORE DELETE ON balance BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
`,
} as const;
