/**
 * Sweep view state (issue 13 §5): the parameter to sweep (any numeric parameter a method declares,
 * listed with its range and the source of its value), the range and number of points as the user
 * typed them, and the sweep of the open book at the session's market and parameter sets
 * (`analysis:sweep`, every method of the registry: those without the parameter are listed as
 * skipped). Bad values are not checked here: the service refuses them and its reason is shown.
 */
import type { AppApi } from '../../../../shared/ipc/api';
import type { SweepResultDto } from '../../../../shared/domain/dto/sweep.dto';
import { BookRequests } from '../../lib/state/book-requests.svelte';
import type { WorkspaceState } from '../workspace/workspace-state.svelte';
import { optionFor, parameterOptions, startingRange, sweepTable, type ParamOption } from './sweep-params';

/** Points of a new sweep. */
export const DEFAULT_STEPS = 11;

export class SweepState {
  /** The parameter's concrete path (editable: `currency_pair.eth_usd.price_range` for another pair). */
  param = $state('');
  from = $state('');
  to = $state('');
  /** Number of points, as typed (the service checks it is an integer in range). */
  steps = $state(String(DEFAULT_STEPS));
  result = $state.raw<SweepResultDto | null>(null);
  readonly req: BookRequests<'sweep'>;
  #ws: WorkspaceState;
  /** `figuresTick` of the book the shown sweep was run on. */
  #tick = $state(-1);

  constructor(api: AppApi, ws: WorkspaceState) {
    this.req = new BookRequests(api, ws);
    this.#ws = ws;
  }

  /** Every sweepable parameter; a method the session runs with a stored set names that set as the source. */
  readonly options = $derived.by((): ParamOption[] => {
    const ws = this.#ws;
    return parameterOptions(ws.info?.methods ?? [], (id) => {
      const setId = ws.parameterSetByMethod[id];
      const d = setId ? ws.parameterSetList.find((s) => s.id === setId) : undefined;
      return setId ? `parameter set ${d ? `${d.name} rev ${d.revision}` : setId}` : undefined;
    });
  });

  /** The option the typed path is (its holders' ranges and sources), if it is one of the listed ones. */
  readonly option = $derived(optionFor(this.options, this.param.trim()));
  /** Whether the typed path is one of the listed ones (the select shows it). */
  readonly listed = $derived(this.options.some((o) => o.path === this.param));

  get busy(): boolean { return this.req.busy !== null; }
  get error(): string | null { return this.req.error; }
  /** The book changed since the sweep ran. */
  get stale(): boolean { return this.result !== null && this.#tick !== this.#ws.figuresTick; }
  readonly table = $derived(this.result ? sweepTable(this.result) : null);

  /** Choose a listed parameter: its path, and a starting range around the default inside its range. */
  choose(path: string): void {
    this.param = path;
    const o = this.options.find((x) => x.path === path);
    if (!o) return;
    const r = startingRange(o.holders[0]!);
    this.from = r.from;
    this.to = r.to;
  }

  /** Pick the first listed parameter when none is chosen yet. */
  ensureChosen(): void {
    if (this.param === '' && this.options.length > 0) this.choose(this.options[0]!.path);
  }

  /** Sweep the open book over the typed range; a refusal keeps the last result and shows the reason. */
  run(): Promise<void> {
    const ws = this.#ws;
    return this.req.run('sweep', async (portfolio) => {
      const tick = ws.figuresTick;
      const steps = this.steps.trim() === '' ? NaN : Number(this.steps);
      this.result = await this.req.api.analysis.sweep({
        portfolio, marketId: ws.marketId, methods: ws.methodIds, param: this.param.trim(), from: this.from.trim(), to: this.to.trim(), steps,
        ...(ws.parameterSets ? { parameterSets: ws.parameterSets } : {}),
      });
      this.#tick = tick;
    });
  }
}
