/** Market snapshot DTOs (the snapshot body itself is the documented JSON of docs/formats.md). */

/** A stored market snapshot in lists: its latest revision. */
export interface MarketSnapshotSummaryDto {
  id: string;
  name: string;
  revision: number;
  /** ISO-8601 UTC time the revision was saved. */
  savedAt: string;
  /** The snapshot's own as-of time (ISO-8601 UTC), when readable. */
  asOf?: string;
}

/** A stored market snapshot: id, name and the snapshot JSON exactly as saved. */
export interface MarketSnapshotRecordDto {
  id: string;
  name: string;
  revision: number;
  snapshot: unknown;
}
