/**
 * The window-state channels over the store (migration 6). A stored object that no longer matches
 * the schema (a hand-edited file, an older shape) reads as empty rather than failing the start.
 */
import * as v from 'valibot';
import type { WindowStateRepository } from '../db/window-state-repository';
import { WindowStateSchema, type WindowStateDto } from '../../shared/ipc/window-state-contract';
import type { AppService } from './dispatch';

function valid(raw: unknown): WindowStateDto {
  const r = v.safeParse(WindowStateSchema, raw ?? {});
  return r.success ? r.output : {};
}

/** The two handlers, spread into the app service. */
export function createWindowStateService(repo: WindowStateRepository | undefined): Pick<AppService, 'window-state:get' | 'window-state:set'> {
  return {
    'window-state:get': ({ key }) => valid(repo?.get(key)),
    'window-state:set': ({ key, state }) => {
      if (!repo) throw new Error('this host keeps no window state');
      return valid(repo.merge(key, state));
    },
  };
}
