/** The contract, schemas and API agree: checked by the compiler (expectTypeOf) and at run time. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { buildApi, type AppApi } from './api';
import { INVOKE_CHANNELS, type InvokeChannel, type Req, type Res } from './contract';
import { parseRequest, requestSchemas, RequestValidationError } from './schemas';

describe('IPC contract', () => {
  it('has a schema for exactly the listed channels', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('types AppApi methods from the contract', () => {
    expectTypeOf<AppApi['portfolio']['save']>().parameters.toEqualTypeOf<[Req<'portfolio:save'>]>();
    expectTypeOf<ReturnType<AppApi['margin']['run']>>().toEqualTypeOf<Promise<Res<'margin:run'>>>();
    expectTypeOf<AppApi['portfolio']['list']>().parameters.toEqualTypeOf<[]>();
  });

  it('buildApi sends every channel through the transport exactly once', async () => {
    const seen: InvokeChannel[] = [];
    const api = buildApi(async (channel) => {
      seen.push(channel);
      return undefined as never;
    });
    const calls: Promise<unknown>[] = [];
    const walk = (o: object) => {
      for (const v of Object.values(o)) {
        if (typeof v === 'function') calls.push((v as (r: unknown) => Promise<unknown>)({}));
        else if (v && typeof v === 'object') walk(v as object);
      }
    };
    walk(api);
    await Promise.all(calls);
    expect(seen.sort()).toEqual([...INVOKE_CHANNELS].sort());
  });

  it('names the path of every bad field', () => {
    const bad = { portfolio: { id: 'x', name: '', balances: [{ currency: 'btc', amount: '1' }], positions: [{ id: 'a', instrument: 'BTC', size: '1e' }] } };
    try {
      parseRequest('portfolio:save', bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RequestValidationError);
      const paths = (e as RequestValidationError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['portfolio.name', 'portfolio.balances.0.currency', 'portfolio.positions.0.size']));
    }
  });

  it('refuses unknown fields (strict objects)', () => {
    expect(() => parseRequest('portfolio:get', { id: 'x', extra: 1 })).toThrow(RequestValidationError);
  });
});
