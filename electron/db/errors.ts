/** Errors the store raises: each carries a user-facing message that says what to do next. */

/** One problem found while validating data before a save (nothing was written). */
export interface ValidationIssue {
  /** Where the problem is, e.g. `positions[3].size` or `name`. */
  path: string;
  /** Short machine-readable reason code, e.g. `invalid-decimal`, `duplicate-id`, `required`. */
  code: string;
  /** Human-readable explanation. */
  message: string;
}

/** A save was refused because the data is invalid; `issues` names every problem. Nothing was written. */
export class StoreValidationError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`nothing saved: ${issues.length} problem(s): ${issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ')}${issues.length > 5 ? '; …' : ''}`);
    this.name = 'StoreValidationError';
  }
}

/** The database file was written by a newer pmdesk; it is left untouched. */
export class SchemaTooNewError extends Error {
  constructor(readonly path: string, readonly fileVersion: number, readonly supportedVersion: number) {
    super(
      `database ${path} has schema version ${fileVersion}, but this pmdesk supports up to ${supportedVersion}. ` +
        'It was written by a newer pmdesk; the file was not changed. Update pmdesk to open it.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** `PRAGMA integrity_check` failed at open; the message explains how to recover. */
export class DatabaseCorruptError extends Error {
  constructor(readonly path: string, readonly problems: string[]) {
    super(
      `database ${path} failed its integrity check (${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}). ` +
        'pmdesk did not modify it. To recover: close pmdesk, copy the file aside, then either restore the newest ' +
        `backup next to it (${path}.*.bak), or run \`sqlite3 ${path} ".recover" | sqlite3 recovered.db\` and open recovered.db.`,
    );
    this.name = 'DatabaseCorruptError';
  }
}

/** A requested portfolio, document or revision does not exist. */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}
