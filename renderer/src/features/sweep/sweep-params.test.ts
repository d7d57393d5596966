import { describe, expect, it } from 'vitest';
import type { AppInfoDto } from '../../../../shared/ipc/contract';
import type { MethodParamDto } from '../../../../shared/ipc/method-params';
import type { SweepResultDto } from '../../../../shared/domain/dto/sweep.dto';
import { optionFor, optionLabel, parameterOptions, pathMatches, startingRange, sweepTable } from './sweep-params';

const param = (over: Partial<MethodParamDto>): MethodParamDto => ({ path: 'a.<x>.b', example: 'a.y.b', min: 0, max: 1, minOpen: true, maxOpen: true, integer: false, range: '(0, 1)', default: '0.15', ...over });
const methods: AppInfoDto['methods'] = [
  { id: 'm1', label: 'one', role: 'portfolio', parameters: { source: 'doc A', params: [param({}), param({ path: 'c', example: 'c', min: 1, max: 50, integer: true, range: 'an integer in 1..50', default: '10' })] } },
  { id: 'm2', label: 'two', role: 'portfolio', parameters: { source: 'doc B', params: [param({})] } },
  { id: 'm3', label: 'three', role: 'placeholder', parameters: { source: 'none', params: [] } },
];

describe('parameterOptions', () => {
  it('groups by concrete path, in method order, with each holder and its value source', () => {
    const o = parameterOptions(methods, (id) => (id === 'm2' ? 'parameter set S rev 3' : undefined));
    expect(o.map((x) => x.path)).toEqual(['a.y.b', 'c']);
    expect(o[0].holders.map((h) => [h.methodId, h.source])).toEqual([['m1', 'default doc A'], ['m2', 'parameter set S rev 3']]);
    expect(optionLabel(o[0])).toBe('a.y.b ∈ (0, 1) (m1, m2)');
    expect(optionLabel({ path: 'p', holders: [{ ...o[0].holders[0], range: '(0, 1)' }, { ...o[0].holders[1], range: '[0, 2]' }] })).toBe('p ∈ (0, 1) / [0, 2] (m1, m2)');
  });
});

describe('optionFor', () => {
  const o = parameterOptions(methods, () => undefined);
  it('a listed path is its option; another instance of a declared pattern gets its holders, default unknown', () => {
    expect(optionFor(o, 'c')).toBe(o[1]);
    const eth = optionFor(o, 'a.z.b')!;
    expect(eth.holders.map((h) => [h.methodId, h.example, h.default, h.range])).toEqual([['m1', 'a.z.b', null, '(0, 1)'], ['m2', 'a.z.b', null, '(0, 1)']]);
    expect(optionFor(o, 'a.z.q')).toBeUndefined();
    expect(optionFor(o, 'a.z')).toBeUndefined();
  });
  it('pathMatches: wildcards match keys and list indices of the same kind only', () => {
    expect(pathMatches('s[<i>].w', 's[3].w')).toBe(true);
    expect(pathMatches('s[<i>].w', 's.x.w')).toBe(false);
    expect(pathMatches('a.<x>.b', 'a.y.b')).toBe(true);
  });
});

describe('startingRange', () => {
  it('lies strictly inside an open range around the default, without float noise', () => {
    expect(startingRange(param({}))).toEqual({ from: '0.075', to: '0.575' });
    expect(startingRange(param({ default: '0.3', min: 0, max: 1 }))).toEqual({ from: '0.15', to: '0.65' });
  });
  it('integers: rounded inward', () => {
    expect(startingRange(param({ min: 1, max: 50, integer: true, default: '10' }))).toEqual({ from: '6', to: '30' });
  });
  it('unbounded above: up to twice the default', () => {
    expect(startingRange(param({ min: 0, max: null, minOpen: false, maxOpen: false, default: '4' }))).toEqual({ from: '2', to: '6' });
  });
});

describe('sweepTable', () => {
  it('one row per value, a cell per method that ran, failed methods left out', () => {
    const pt = (v: string, im: string) => ({ value: v, initialMarginUsd: im, maintenanceMarginUsd: '1', bindingAddOn: 'scenarioLoss', byCurrency: {} });
    const r: SweepResultDto = {
      param: 'c', from: '1', to: '2', steps: 2, values: ['1', '2'], asOf: '2026-01-01T00:00:00.000Z',
      methods: [
        { methodId: 'm1', ok: true, declared: 'c', bound: '[1, 2]', scenarioBuilds: 1, scenarioReuses: 1, points: [pt('1', '10'), pt('2', '20')] },
        { methodId: 'm2', ok: false, error: 'no options' },
      ],
      skipped: [],
    };
    const t = sweepTable(r);
    expect(t.methods).toEqual(['m1']);
    expect(t.rows).toEqual([{ value: '1', cells: { m1: { im: '10', mm: '1', binding: 'scenarioLoss' } } }, { value: '2', cells: { m1: { im: '20', mm: '1', binding: 'scenarioLoss' } } }]);
  });
});
