/**
 * `margin:run` returns the methods side by side (issue 10 §3): its `comparison` rows are
 * `compareMethods` of its outcomes, and the rows `pmdesk margin --method all` prints for the same
 * book and market (engine/margin/method-comparison.ts, cli/commands/margin-all.ts).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMarginAll } from '../cli/commands/margin-all';
import { compareMethods } from '../engine/margin/method-comparison';
import { openAppService } from './compose';
import { DEMO_PORTFOLIO_ID } from './demo-data';
import type { AppService } from './dispatch';
import type { MethodComparisonRowDto } from '../../shared/domain/dto/sweep.dto';

let close: (() => void) | undefined;
afterEach(() => close?.());

function open(): AppService {
  const app = openAppService({ databasePath: join(mkdtempSync(join(tmpdir(), 'pmdesk-compare-')), 'pmdesk.db'), host: 'web', version: 'test' });
  close = app.close;
  return app.service;
}

/** What `pmdesk margin --method a,b,… --no-account` prints as `comparison` for the book and market. */
function cliComparison(methods: string[], portfolio: unknown, market: unknown): MethodComparisonRowDto[] {
  const out: string[] = [];
  const io = { readStdin: async () => '', readFile: async () => '', writeFile: async () => {}, stdout: (t: string) => out.push(t), stderr: () => {}, env: {} };
  expect(runMarginAll(methods, portfolio as Parameters<typeof runMarginAll>[1], market, { 'no-account': true }, io, 'json')).toBe(0);
  return (JSON.parse(out.join('')) as { comparison: MethodComparisonRowDto[] }).comparison;
}

describe('margin:run comparison', () => {
  it('every listed method on the demo book: rows = compareMethods(outcomes) = the CLI rows, with savings against each standard method', async () => {
    const service = open();
    const portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const market = (await service['market:list'](undefined))[0];
    const methods = (await service['app:info'](undefined)).methods.map((m) => m.id);
    // Figures only for all but the first method: the comparison reads totals and add-ons, which a summary keeps.
    const res = await service['margin:run']({ portfolio, marketId: market.id, methods, detailFor: methods[0] });
    expect(res.comparison.map((r) => r.methodId)).toEqual(methods);
    expect(res.comparison).toEqual(compareMethods(res.outcomes));
    const snapshot = (await service['market:get']({ id: market.id })).snapshot;
    expect(res.comparison).toEqual(cliComparison(methods, portfolio, snapshot));
    // A portfolio method's saving is its standard method's IM minus its own (the registry's pairing), exact decimals.
    const byId = new Map(res.comparison.map((r) => [r.methodId, r]));
    const withSaving = res.comparison.filter((r) => r.ok && r.savingAgainst !== undefined && byId.get(r.savingAgainst)?.ok);
    expect(withSaving.length).toBeGreaterThan(0);
    for (const r of withSaving) {
      const std = byId.get(r.savingAgainst!)!;
      expect(Number(r.savingUsd), r.methodId).toBeCloseTo(Number(std.initialMarginUsd) - Number(r.initialMarginUsd), 6);
      expect(typeof r.bindingAddOn, r.methodId).toBe('string');
    }
  });

  it('an unknown method is a row with its error, and the others keep their figures', async () => {
    const service = open();
    const portfolio = await service['portfolio:get']({ id: DEMO_PORTFOLIO_ID });
    const marketId = (await service['market:list'](undefined))[0].id;
    const res = await service['margin:run']({ portfolio, marketId, methods: ['deribit-pm', 'no-such-method', 'deribit-sm'] });
    expect(res.comparison.map((r) => [r.methodId, r.ok])).toEqual([['deribit-pm', true], ['no-such-method', false], ['deribit-sm', true]]);
    expect(res.comparison[1].error).toContain('unknown method');
    const pm = res.outcomes[0];
    if (!pm.ok) throw new Error(pm.error);
    expect(res.comparison[0].initialMarginUsd).toBe(pm.result.totals.initialMarginUsd);
  });
});
