/**
 * The renderer's command registry: one handler per command id of the shared table. Menu commands
 * from Electron (the `shell:command` event) and keyboard shortcuts (where there is no native menu,
 * i.e. the web host; and the page keys `?`, F1 and Esc everywhere) both end up in `run`.
 */
import { COMMANDS, type CommandSpec, type RendererCommandId } from '../../../../shared/commands/command-table';
import { matchesAccelerator, type KeyLike } from '../../../../shared/commands/accelerator';

/** A command's work; may be async (its failure is reported through `onError`). */
export type CommandHandler = () => void | Promise<void>;

/** Whether a key event comes from a place where typing happens (text fields keep their own keys). */
export function isEditableTarget(target: unknown): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable === true || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase());
}

/** Key events the registry reads (a DOM `KeyboardEvent` satisfies it). */
export interface CommandKeyEvent extends KeyLike {
  target: unknown;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export class CommandRegistry {
  readonly #handlers = new Map<RendererCommandId, CommandHandler>();
  readonly #onError: (id: RendererCommandId, e: unknown) => void;

  constructor(onError: (id: RendererCommandId, e: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  /** Register `fn` for `id` (replacing any earlier one); returns an unregister function. */
  register(id: RendererCommandId, fn: CommandHandler): () => void {
    this.#handlers.set(id, fn);
    return () => {
      if (this.#handlers.get(id) === fn) this.#handlers.delete(id);
    };
  }

  has(id: RendererCommandId): boolean {
    return this.#handlers.has(id);
  }

  /** Run the command; false if nothing is registered for it. */
  run(id: RendererCommandId): boolean {
    const fn = this.#handlers.get(id);
    if (!fn) return false;
    try {
      const r = fn();
      if (r instanceof Promise) r.catch((e: unknown) => this.#onError(id, e));
    } catch (e) {
      this.#onError(id, e);
    }
    return true;
  }

  /**
   * Handle a key press: with `menuHandlesAccelerators` (Electron's menu has them) only page keys
   * (`pageKey` commands such as Esc, and `?`) are looked at. In a text field, only F-keys and Esc.
   * Returns the command run, if any.
   */
  handleKey(e: CommandKeyEvent, opts: { isMac: boolean; menuHandlesAccelerators: boolean; skip?: readonly RendererCommandId[] }): RendererCommandId | undefined {
    if (e.defaultPrevented) return undefined;
    const editable = isEditableTarget(e.target);
    if (!editable && e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && this.has('help.shortcuts')) {
      e.preventDefault();
      this.run('help.shortcuts');
      return 'help.shortcuts';
    }
    for (const c of COMMANDS as readonly CommandSpec[]) {
      if (c.kind !== 'renderer' || !c.accelerator) continue;
      const id = c.id as RendererCommandId;
      if (opts.skip?.includes(id)) continue;
      if (opts.menuHandlesAccelerators && !c.pageKey) continue;
      if (editable && !/^(F\d+|Escape)$/.test(c.accelerator)) continue;
      if (!matchesAccelerator(e, c.accelerator, opts.isMac) || !this.has(id)) continue;
      e.preventDefault();
      this.run(id);
      return id;
    }
    return undefined;
  }
}
