/**
 * What the desktop shell needs of the workspace: undo, redo, save and a few read-only getters
 * (the open portfolio, the lists, the market Run every method starts from).
 * `WorkspaceState` satisfies it structurally; the shell depends on nothing else of it.
 */
import type { PortfolioSummaryDto } from '../../../../shared/domain/dto/portfolio.dto';

export interface ShellWorkspace {
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** Cut a revision; a falsy answer = not saved (the error is on the workspace). */
  save(note?: string): Promise<unknown>;
  /** Re-read the lists of portfolios, markets and parameter sets (after File → New portfolio). */
  refreshLists(): Promise<void>;
  readonly dirty: boolean;
  readonly revision: number | undefined;
  readonly portfolio: { id: string; name: string } | null;
  readonly portfolios: readonly PortfolioSummaryDto[];
  readonly marketId: string;
  readonly markets: readonly { id: string; name: string }[];
  /** The host's answer to `app:info` (method labels), once loaded. */
  readonly info: { methods: readonly { id: string; label: string }[] } | null;
}

/** Whether the page runs on macOS (Cmd is the primary modifier, ⌘ in the help). */
export function isMacPlatform(nav: { platform?: string; userAgent?: string } = globalThis.navigator ?? {}): boolean {
  return /mac/i.test(nav.platform ?? '') || /Mac OS X/.test(nav.userAgent ?? '');
}
