/**
 * The web host's notices for the browser (`shell:notices` in `shared/ipc/shell-contract.ts`):
 * what Electron main pushes to its windows as `shell:notice` (the service worker restarted after
 * an uncaught error), kept here with a growing `seq` so every open tab long-polls "after seq N".
 * It lives in the host process, not in the worker, so a notice outlives the worker it is about.
 */
import type { ShellEventContract, WebHostInvokeContract } from '../../shared/ipc/shell-contract';

type Notice = ShellEventContract['shell:notice'];
type NoticesRes = WebHostInvokeContract['shell:notices']['res'];

/** Notices kept for late pollers (older ones are forgotten; a tab that far behind reloads anyway). */
const KEEP = 50;

export class NoticeBoard {
  #seq = 0;
  readonly #kept: { seq: number; notice: Notice }[] = [];
  readonly #waiters = new Set<() => void>();

  /** Tell every listening tab. */
  push(message: string): void {
    this.#seq++;
    this.#kept.push({ seq: this.#seq, notice: { message } });
    if (this.#kept.length > KEEP) this.#kept.splice(0, this.#kept.length - KEEP);
    for (const w of [...this.#waiters]) w();
  }

  /** Notices after `afterSeq` (waiting up to `waitMs` for one); no `afterSeq`: the current seq, at once. */
  async next(afterSeq?: number, waitMs = 0): Promise<NoticesRes> {
    if (afterSeq === undefined) return { seq: this.#seq, notices: [] };
    if (this.#seq <= afterSeq && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        this.#waiters.add(done);
      });
    }
    return { seq: this.#seq, notices: this.#kept.filter((k) => k.seq > afterSeq).map((k) => k.notice) };
  }

  /** Answer every waiting poll now (the host is closing). */
  release(): void {
    for (const w of [...this.#waiters]) w();
  }
}
