/**
 * deribit-sm's per-currency sums of its lines (run-deribit-sm.ts): options' IM, futures' IM and
 * every line's MM per settlement currency, in one summation order — the lines cut into blocks of
 * `LINE_BLOCK` consecutive lines, each block's partials per currency summed line by line from +0,
 * then each currency's partials added block by block from +0.
 *
 * Why blocks: float addition is not associative, so a session's size edit (deribit-sm-session.ts
 * replaces the edited positions' lines in the kept list) could only reproduce a fresh run's bits
 * by re-adding every line after it — 20,000 lines per edit on the bench book (issue 10, 0.8 ms of
 * a 1.3 ms summary). With blocks an edit re-sums the blocks whose lines changed, found by line
 * identity (lines are never changed once made), and adds the partials; a fresh run sums the same
 * blocks the same way, so session and fresh figures stay identical to the last bit.
 *
 * A block without a line of a currency adds +0 to that currency's total, which leaves it as it is
 * (a running sum from +0 is never -0): a book of at most `LINE_BLOCK` lines sums exactly as the
 * plain running sum in line order did before blocks (small books keep their figures bit for bit).
 */
import type { SmLine } from './run-deribit-sm';

/** Lines per block. */
export const LINE_BLOCK = 64;

/** One currency's three sums. */
export interface CcySums { optIm: number; futIm: number; mm: number }

/** The sums of one block: per currency in first-appearance order within the block. */
type BlockSums = Map<string, CcySums>;

/** What a lines list's sums were computed from: the lines seen per place, and each block's partials. */
interface Kept { seen: SmLine[]; blocks: BlockSums[] }

/** Per lines array (a session keeps and edits one in place; a fresh run makes its own). */
const KEPT = new WeakMap<SmLine[], Kept>();

function blockSums(lines: readonly SmLine[], from: number, to: number): BlockSums {
  const out: BlockSums = new Map();
  for (let i = from; i < to; i++) {
    const l = lines[i];
    let t = out.get(l.ccy);
    if (!t) { t = { optIm: 0, futIm: 0, mm: 0 }; out.set(l.ccy, t); }
    if (l.kind === 'option') t.optIm += l.im; else if (l.kind === 'future') t.futIm += l.im;
    t.mm += l.mm;
  }
  return out;
}

/**
 * The per-currency sums of `lines` in the one summation order (the file comment), re-summing
 * only the blocks whose lines differ (by identity) from those `lines` held when last summed.
 * Currencies in first-appearance order.
 */
export function lineSums(lines: SmLine[]): Map<string, CcySums> {
  const n = lines.length;
  const nb = Math.ceil(n / LINE_BLOCK);
  let kept = KEPT.get(lines);
  if (!kept || kept.seen.length !== n) {
    kept = { seen: lines.slice(), blocks: new Array<BlockSums>(nb) };
    for (let b = 0; b < nb; b++) kept.blocks[b] = blockSums(lines, b * LINE_BLOCK, Math.min(n, (b + 1) * LINE_BLOCK));
    KEPT.set(lines, kept);
  } else {
    const seen = kept.seen;
    for (let b = 0; b < nb; b++) {
      const from = b * LINE_BLOCK, to = Math.min(n, from + LINE_BLOCK);
      let changed = false;
      for (let i = from; i < to; i++) if (seen[i] !== lines[i]) { seen[i] = lines[i]; changed = true; }
      if (changed) kept.blocks[b] = blockSums(lines, from, to);
    }
  }
  const out = new Map<string, CcySums>();
  for (const block of kept.blocks) {
    for (const [ccy, s] of block) {
      let t = out.get(ccy);
      if (!t) { t = { optIm: 0, futIm: 0, mm: 0 }; out.set(ccy, t); }
      t.optIm += s.optIm; t.futIm += s.futIm; t.mm += s.mm;
    }
  }
  return out;
}
