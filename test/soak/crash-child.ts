/**
 * Crash-test child: opens the store and saves revisions of the crash book forever, printing
 * `ack <revision> <snapshot revision or 0>` (synchronously) after each save has returned. The
 * parent SIGKILLs it.
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../../electron/db';
import { CRASH_PORTFOLIO_ID, crashBook } from './crash-book';

const path = process.argv[2];
const store = openDatabase(path, { integrityCheck: 'quick' });
writeSync(1, 'ready\n');
let r = store.portfolios.headRevision(CRASH_PORTFOLIO_ID) ?? 0;
for (;;) {
  r++;
  const s = store.portfolios.save(crashBook(r), `save ${r}`);
  if (s.revision !== r) throw new Error(`expected revision ${r}, got ${s.revision}`);
  let snapRevision = 0;
  if (r % 5 === 0) snapRevision = store.marketSnapshots.save('crash-snap', { asOf: new Date().toISOString(), r }).revision;
  writeSync(1, `ack ${r} ${snapRevision}\n`);
}
