/**
 * The renderer's only door to the backend. Inside Electron the preload has put `window.api` in
 * place; served by the local web host, the same `AppApi` is built over `fetch` with the per-start
 * token the host wrote into index.html.
 */
import { buildApi, type AppApi } from '../../../shared/ipc/api';
import { unwrapResult } from '../../../shared/ipc/result';
import { browserShell } from './shell/browser-shell';

declare global {
  interface Window {
    api?: AppApi;
  }
}

function httpApi(): AppApi {
  const token = document.querySelector<HTMLMetaElement>('meta[name="pmdesk-token"]')?.content ?? '';
  const post = async <T>(channel: string, req: unknown): Promise<T> => {
    const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pmdesk-token': token },
      body: JSON.stringify({ req }),
    });
    return unwrapResult<T>(channel, await res.json());
  };
  // `shell:notices` is the web host's own channel (shell-contract.ts), answered by the host, not the service.
  return buildApi((channel, req) => post(channel, req), browserShell(
    (req) => post('shell:notices', req),
    (jobId, request) => post('job:export-report', { jobId, request }),
    (jobId) => post('job:cancel', { jobId }),
  ));
}

/** The typed API (`api.portfolio.list()`, `api.margin.run(…)`, …). */
export const api: AppApi = window.api ?? httpApi();
