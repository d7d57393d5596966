/**
 * The market editor channels through the service on a real SQLite file (demo seeded): the open
 * session re-run on an edited snapshot gives every method exactly the figures margin:run gives on
 * the same snapshot once it is stored; the draft survives edits and re-runs and ends when a
 * market is named; a bad snapshot is refused naming the item and changes nothing; the checks find
 * a crafted butterfly; a saved Deribit book summary is read into the snapshot format.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_PORTFOLIO_ID } from './demo-data';
import { seededServiceFixture } from './test-fixtures';
import { dispatch } from './dispatch';
import type { MarginSummaryDto } from '../../shared/domain/dto/margin-run.dto';

const service = seededServiceFixture('pmdesk-market-editor-');

interface SnapJson { asOf: string; underlyings: Record<string, { index: number; forwards: { expiry: string; price: number }[]; vols: { expiry: string; strike: number; vol: number | string }[] }> }

const totals = (r: MarginSummaryDto) => r.outcomes.map((o) => (o.ok ? [o.methodId, o.result.totals] : [o.methodId, o.error]));

async function setup() {
  const s = service();
  const [market] = await s['market:list'](undefined);
  const original = (await s['market:get']({ id: market!.id })).snapshot as SnapJson;
  const open = await s['session:open']({ portfolioId: DEMO_PORTFOLIO_ID });
  return { s, marketId: market!.id, original, open };
}

/** The demo snapshot with BTC's vols of its second expiry raised by 5 vol points (as decimal strings). */
function edited(original: SnapJson): SnapJson {
  const copy = structuredClone(original);
  const btc = copy.underlyings.BTC!;
  const second = [...new Set(btc.vols.map((v) => v.expiry))].sort()[1];
  btc.vols = btc.vols.map((v) => (v.expiry === second ? { ...v, vol: (Number(v.vol) + 0.05).toFixed(6) } : v));
  return copy;
}

describe('market:preview', () => {
  it('re-runs the open session on the edited snapshot: every method equals margin:run on it once stored', async () => {
    const { s, marketId, original, open } = await setup();
    const draft = edited(original);
    const text = JSON.stringify(draft);
    const preview = await s['market:preview']({ sessionId: open.sessionId, marketId, snapshotText: text });
    expect(preview.warnings).toEqual([]);
    expect(totals(preview.session.summary)).not.toEqual(totals(open.summary));
    const methods = open.context.methods;
    // Store the same text as a new revision and run the book on it the ordinary way.
    const saved = await s['document:import']({ kind: 'market', id: marketId, text, note: 'edited' });
    expect(saved.status).toBe('written');
    const portfolio = await s['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const run = await s['margin:run']({ portfolio, marketId, methods, detailFor: open.context.detailFor });
    expect(totals(preview.session.summary)).toEqual(totals(run));
  });

  it('keeps the draft through an edit and a re-run, and drops it when a market is named', async () => {
    const { s, marketId, original, open } = await setup();
    const preview = await s['market:preview']({ sessionId: open.sessionId, marketId, snapshotText: JSON.stringify(edited(original)) });
    const row = open.portfolio.positions[0]!;
    const patched = await s['session:patch']({ sessionId: open.sessionId, version: preview.session.state.version, seq: 1, ops: [{ op: 'set', id: row.id, field: 'size', value: row.size }] });
    expect(patched.kind).toBe('applied');
    const same = await s['session:context']({ sessionId: open.sessionId });
    expect(totals(same.summary)).toEqual(totals(preview.session.summary));
    const back = await s['session:context']({ sessionId: open.sessionId, marketId });
    expect(totals(back.summary)).toEqual(totals(open.summary));
  });

  it('refuses a bad snapshot naming the item, and the session keeps its market', async () => {
    const { s, marketId, original, open } = await setup();
    const bad = structuredClone(original);
    bad.underlyings.ETH!.vols[2]!.vol = '-0.1';
    const r = await dispatch(s, 'market:preview', { sessionId: open.sessionId, marketId, snapshotText: JSON.stringify(bad) });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(r.ok ? '' : r.error.message).toMatch(/^underlyings\.ETH\.vols\[2\]\.vol: must be > 0/);
    const notJson = await dispatch(s, 'market:check', { snapshotText: '{"asOf":' });
    expect(notJson.ok ? '' : notJson.error.message).toMatch(/^snapshot is not JSON/);
    const same = await s['session:context']({ sessionId: open.sessionId });
    expect(totals(same.summary)).toEqual(totals(open.summary));
  });
});

describe('market:check and market:parse-file', () => {
  it('finds a butterfly on a spiked strike and none on the demo surface', async () => {
    const { s, original } = await setup();
    expect((await s['market:check']({ snapshotText: JSON.stringify(original) })).warnings).toEqual([]);
    const spiked = structuredClone(original);
    const btc = spiked.underlyings.BTC!;
    const first = btc.vols.filter((v) => v.expiry === btc.vols[0]!.expiry);
    const mid = first[Math.floor(first.length / 2)]!;
    mid.vol = Number(mid.vol) + 1;
    const { warnings } = await s['market:check']({ snapshotText: JSON.stringify(spiked) });
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.kind === 'butterfly' && w.underlying === 'BTC' && w.strikes[1] === mid.strike && Number(w.butterfly) < 0)).toBe(true);
  });

  it('reads a saved Deribit book summary into the snapshot format, and refuses a file that is neither', async () => {
    const { s } = await setup();
    const text = readFileSync(new URL('../../test/fixtures/market/deribit-book-summary-btc-eth.json', import.meta.url), 'utf8');
    const file = await s['market:parse-file']({ text });
    const snap = JSON.parse(file.snapshotText) as SnapJson;
    expect(Object.keys(snap.underlyings).sort()).toEqual(['BTC', 'ETH']);
    expect((await s['market:check']({ snapshotText: file.snapshotText })).warnings).toBeInstanceOf(Array);
    const r = await dispatch(s, 'market:parse-file', { text: '{"positions": []}' });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(r.ok ? '' : r.error.message).toMatch(/^not a market snapshot or Deribit book summary: /);
  });
});
