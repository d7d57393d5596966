/**
 * Window-state channels (issue 14): the desktop window's bounds and maximised flag (written by
 * Electron main), the last open portfolio and market and the positions grid's column layout
 * (written by the renderer), kept in the
 * store (migration 6) so they survive restarts. Served by `electron/service/window-state-service.ts`;
 * merged into the contract, the schemas and `AppApi` with one line each.
 */
import * as v from 'valibot';

/** A window rectangle in screen DIP (Electron `Rectangle`). */
export interface WindowBoundsDto {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One column of the positions grid as kept: its place is its index in the list. */
export interface KeptColumnDto {
  colId: string;
  hide: boolean;
  width?: number;
  pinned: 'left' | 'right' | null;
}

/** Most columns kept per grid. */
export const MAX_KEPT_COLUMNS = 200;

/** What is remembered of one window. Every field optional: an empty store knows nothing. */
export interface WindowStateDto {
  bounds?: WindowBoundsDto;
  maximized?: boolean;
  portfolioId?: string;
  marketId?: string;
  /** The positions grid's column order, visibility, widths and pins (issue 14 §3: in the store, not a second file). */
  columns?: KeptColumnDto[];
}

export interface WindowStateInvokeContract {
  'window-state:get': { req: { key: string }; res: WindowStateDto };
  /** Merge the given fields into the stored state; `null` forgets a field. */
  'window-state:set': { req: { key: string; state: { [K in keyof WindowStateDto]?: WindowStateDto[K] | null } }; res: WindowStateDto };
}

export const WINDOW_STATE_CHANNELS = ['window-state:get', 'window-state:set'] as const satisfies readonly (keyof WindowStateInvokeContract)[];

const Key = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'window key must be kebab-case'));
const Coord = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000));
const Size = v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(100_000));
const Ref = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
/** The stored object, as read back (tolerates nothing unknown). */
export const WindowStateSchema = v.strictObject({
  bounds: v.optional(v.strictObject({ x: Coord, y: Coord, width: Size, height: Size })),
  maximized: v.optional(v.boolean()),
  portfolioId: v.optional(Ref),
  marketId: v.optional(Ref),
  columns: v.optional(v.pipe(v.array(v.strictObject({
    colId: Ref,
    hide: v.boolean(),
    width: v.optional(v.pipe(v.number(), v.integer(), v.minValue(10), v.maxValue(10_000))),
    pinned: v.nullable(v.picklist(['left', 'right'])),
  })), v.maxLength(MAX_KEPT_COLUMNS, `at most ${MAX_KEPT_COLUMNS} columns`))),
});
const Patch = v.strictObject(Object.fromEntries(Object.entries(WindowStateSchema.entries).map(([k, s]) => [k, v.optional(v.nullable(s.wrapped))])) as {
  [K in keyof typeof WindowStateSchema.entries]: v.OptionalSchema<v.NullableSchema<(typeof WindowStateSchema.entries)[K]['wrapped'], undefined>, undefined>
});

export const windowStateRequestSchemas = {
  'window-state:get': v.strictObject({ key: Key }),
  'window-state:set': v.strictObject({ key: Key, state: Patch }),
};

/** The renderer's part (`api.windowState`). */
export interface WindowStateApi {
  get(req: WindowStateInvokeContract['window-state:get']['req']): Promise<WindowStateDto>;
  set(req: WindowStateInvokeContract['window-state:set']['req']): Promise<WindowStateDto>;
}

export function buildWindowStateApi(invoke: <C extends keyof WindowStateInvokeContract>(c: C, req: WindowStateInvokeContract[C]['req']) => Promise<WindowStateInvokeContract[C]['res']>): WindowStateApi {
  return { get: (r) => invoke('window-state:get', r), set: (r) => invoke('window-state:set', r) };
}
