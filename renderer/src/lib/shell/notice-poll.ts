/**
 * The web host's stand-in for the `shell:notice` push: long-poll `shell:notices` and hand each
 * notice to `fn`, as the preload does with the push inside Electron. The first call only learns
 * the current `seq` (a notice from before the tab opened is about a state the tab never had);
 * a failed poll (host restarting, tab asleep) is retried after `retryMs`.
 */
import type { ShellEventContract, WebHostInvokeContract } from '../../../../shared/ipc/shell-contract';

type Req = WebHostInvokeContract['shell:notices']['req'];
type Res = WebHostInvokeContract['shell:notices']['res'];

/** How long one poll waits on the host (well under the schema's cap). */
export const NOTICE_POLL_WAIT_MS = 25_000;

/** Listen until the returned function is called. */
export function listenForNotices(
  poll: (req: Req) => Promise<Res>,
  fn: (n: ShellEventContract['shell:notice']) => void,
  retryMs = 2_000,
): () => void {
  let stopped = false;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  void (async () => {
    let seq: number | undefined;
    while (!stopped) {
      try {
        const r = await poll(seq === undefined ? {} : { afterSeq: seq, waitMs: NOTICE_POLL_WAIT_MS });
        if (stopped) break;
        if (seq !== undefined) for (const n of r.notices) fn(n);
        seq = r.seq;
      } catch {
        await sleep(retryMs);
      }
    }
  })();
  return () => {
    stopped = true;
  };
}
