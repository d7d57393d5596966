/** Shapes shared by every revisioned repository (portfolios and JSON documents). */

/** One entry of a revision history. */
export interface RevisionInfo {
  revision: number;
  /** ISO-8601 UTC time of the save. */
  savedAt: string;
  name: string;
  note?: string;
  /** Set when this revision was created by restoring an older one. */
  restoredFrom?: number;
}

/** A JSON document (market snapshot, scenario set, parameter set) in lists: its latest revision. */
export interface DocumentSummary {
  id: string;
  name: string;
  revision: number;
  savedAt: string;
}

/** One stored revision of a JSON document. `json` is the parsed body; `text` the exact stored text. */
export interface StoredDocument extends DocumentSummary {
  note?: string;
  restoredFrom?: number;
  json: unknown;
  text: string;
}
