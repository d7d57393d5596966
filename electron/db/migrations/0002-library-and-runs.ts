/**
 * Migration 2: scenario sets and method parameter sets (JSON documents with immutable
 * revisions), saved runs pinning the exact revisions they used, and saved CSV column mappings.
 */
export const migration0002 = {
  version: 2,
  name: 'library-and-runs',
  sql: /* sql */ `
CREATE TABLE scenario_set (
  id            TEXT PRIMARY KEY NOT NULL,
  created_at    TEXT NOT NULL,
  head_revision INTEGER NOT NULL
) STRICT;

CREATE TABLE scenario_set_revision (
  scenario_set_id TEXT NOT NULL REFERENCES scenario_set(id),
  revision        INTEGER NOT NULL CHECK (revision >= 1),
  name            TEXT NOT NULL,
  saved_at        TEXT NOT NULL,
  note            TEXT,
  restored_from   INTEGER,
  body            TEXT NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (scenario_set_id, revision)
) STRICT;

CREATE TABLE parameter_set (
  id            TEXT PRIMARY KEY NOT NULL,
  created_at    TEXT NOT NULL,
  head_revision INTEGER NOT NULL
) STRICT;

CREATE TABLE parameter_set_revision (
  parameter_set_id TEXT NOT NULL REFERENCES parameter_set(id),
  revision         INTEGER NOT NULL CHECK (revision >= 1),
  name             TEXT NOT NULL,
  saved_at         TEXT NOT NULL,
  note             TEXT,
  restored_from    INTEGER,
  body             TEXT NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (parameter_set_id, revision)
) STRICT;

CREATE TABLE saved_run (
  id                     TEXT PRIMARY KEY NOT NULL,
  saved_at               TEXT NOT NULL,
  name                   TEXT NOT NULL,
  note                   TEXT,
  method                 TEXT NOT NULL,
  portfolio_id           TEXT NOT NULL,
  portfolio_revision     INTEGER NOT NULL,
  snapshot_id            TEXT NOT NULL,
  snapshot_revision      INTEGER NOT NULL,
  parameter_set_id       TEXT,
  parameter_set_revision INTEGER,
  scenario_set_id        TEXT,
  scenario_set_revision  INTEGER,
  options                TEXT NOT NULL CHECK (json_valid(options)),
  result                 TEXT NOT NULL CHECK (json_valid(result)),
  FOREIGN KEY (portfolio_id, portfolio_revision) REFERENCES portfolio_revision(portfolio_id, revision),
  FOREIGN KEY (snapshot_id, snapshot_revision) REFERENCES market_snapshot_revision(snapshot_id, revision),
  FOREIGN KEY (parameter_set_id, parameter_set_revision) REFERENCES parameter_set_revision(parameter_set_id, revision),
  FOREIGN KEY (scenario_set_id, scenario_set_revision) REFERENCES scenario_set_revision(scenario_set_id, revision)
) STRICT;

CREATE TABLE import_mapping (
  source     TEXT PRIMARY KEY NOT NULL,
  mapping    TEXT NOT NULL CHECK (json_valid(mapping)),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TRIGGER scenario_set_revision_immutable_u BEFORE UPDATE ON scenario_set_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER scenario_set_revision_immutable_d BEFORE DELETE ON scenario_set_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER parameter_set_revision_immutable_u BEFORE UPDATE ON parameter_set_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER parameter_set_revision_immutable_d BEFORE DELETE ON parameter_set_revision BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;
CREATE TRIGGER saved_run_immutable_u BEFORE UPDATE ON saved_run BEGIN SELECT RAISE(ABORT, 'saved runs are immutable'); END;
`,
} as const;
