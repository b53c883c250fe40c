import type { Logger } from 'pino';
import { StateError } from '../../errors/index.js';
import { GitError, type RepoCache } from '../../git/index.js';
import type { RepoEvent } from '../../git/webhook/index.js';
import type { RunRecord, RunStore } from '../../store/index.js';
import { loadPipelines, PipelineDefinitionError } from '../definition/index.js';
import type { PipelinePlan, TriggerEvent } from '../plan/index.js';
import {
  EnvFileSecretSource,
  nativePostStepActions,
  nativeStepActions,
  newRunId,
  planRerun,
  runPipeline,
  type RunnerDeps,
  type StepActions,
} from '../run/index.js';
import { defaultStepActions } from '../steps/index.js';
import {
  describeEvent,
  eventKey,
  repoForEvent,
  selectPipelines,
  unrunnableReason,
} from './event-routing.js';
import type { PipelineRepo } from './repo-registry.js';

export type PipelineTriggerOptions = {
  readonly repos: readonly PipelineRepo[];
  /** Mirrors the repositories' commits are read from. */
  readonly cache: RepoCache;
  readonly store: RunStore;
  readonly log: Logger;
  /** Steps `uses:` can name; the native actions and Slipway's own when absent. */
  readonly actions?: StepActions;
  readonly postActions?: StepActions;
  /** Root of runs and their caches; $SLIPWAY_CACHE or ~/.cache/slipway when absent. */
  readonly cacheDir?: string;
  /** Jobs at once in each run. */
  readonly parallelism?: number;
  /** Called when a run started by this trigger finishes. */
  readonly onRunFinished?: (run: RunRecord) => void;
  /** Called first with every event, even one that starts nothing (a pull request closing). */
  readonly onEvent?: (repoEvent: RepoEvent) => void;
  /** Gives each run its own identity token (the image push to the identity registry uses it). */
  readonly identityToken?: RunnerDeps['identityToken'];
};

/** Runs started (their ids, already in the store), or why none was. */
export type TriggerOutcome =
  | { readonly started: true; readonly runs: readonly string[] }
  | { readonly started: false; readonly ignored: string };

const rememberedEvents = 1000;

/**
 * From a repository event to pipeline runs: finds the registered repository, reads its
 * `.slipway/pipelines` at the event's commit from a mirror, plans each pipeline and runs those
 * the event triggers in the background.
 */
export class PipelineTrigger {
  private readonly running = new Set<Promise<unknown>>();
  private readonly seen = new Set<string>();
  private readonly abort = new AbortController();

  constructor(private readonly options: PipelineTriggerOptions) {}

  async trigger(repoEvent: RepoEvent): Promise<TriggerOutcome> {
    const { event } = repoEvent;
    this.options.onEvent?.(repoEvent);
    const unrunnable = unrunnableReason(event);
    if (unrunnable !== undefined) return ignored(unrunnable);
    const repo = repoForEvent(repoEvent.repoUrls, this.options.repos);
    if (repo === undefined) {
      return ignored(`no registered pipeline repository is ${repoEvent.repoUrls.join(' or ')}`);
    }
    const key = eventKey(repo, repoEvent);
    if (this.seen.has(key)) return ignored(`${describeEvent(event)} was already triggered`);
    this.remember(key);
    try {
      return await this.startRuns(repo, repoEvent);
    } catch (error) {
      // A failure to read the repository may pass; let a redelivery try again.
      this.seen.delete(key);
      throw error;
    }
  }

  /**
   * Runs a stored run's pipeline again for the same event and commit, as a new run in the
   * background; resolves with its id once the store holds it. Only a registered repository's
   * runs: that is where the mirror and the secrets come from.
   */
  async rerun(previous: RunRecord): Promise<string> {
    const repo = repoForEvent([previous.repo], this.options.repos);
    if (repo === undefined) {
      throw new StateError(
        `run ${previous.id} is of ${previous.repo}, which is not a registered pipeline repository`,
        { hint: 'add it to the --pipeline-repos file, or rerun it with `slipway pipeline rerun`' },
      );
    }
    const plan = planRerun(
      previous,
      await loadPipelines(await this.checkout(repo, previous.event)),
    );
    const secrets = await this.secretsOf(repo);
    const runId = await this.startRun(repo, plan, secrets);
    this.options.log.info({ repo: repo.url, of: previous.id, run: runId }, 'pipeline rerun');
    return runId;
  }

  /** Resolves once every run started so far has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Cancels the runs in progress and waits for them to record their end. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.idle();
  }

  private async startRuns(repo: PipelineRepo, repoEvent: RepoEvent): Promise<TriggerOutcome> {
    const { event } = repoEvent;
    const what = describeEvent(event);
    const tree = await this.checkout(repo, event);
    let pipelines;
    try {
      pipelines = await loadPipelines(tree);
    } catch (error) {
      if (!(error instanceof PipelineDefinitionError)) throw error;
      this.options.log.error({ repo: repo.url, sha: event.sha, err: error }, 'invalid pipelines');
      return ignored(
        `the pipelines of ${repo.url} at ${event.sha.slice(0, 12)} are invalid: ${error.message}`,
      );
    }
    const { plans, skipped } = selectPipelines(pipelines, event);
    if (plans.length === 0) {
      const why = skipped.map((s) => `${s.pipeline}: ${s.reason}`).join('; ');
      return ignored(
        `no pipeline runs for ${what}${why === '' ? ' (the repository has none)' : ` (${why})`}`,
      );
    }
    const secrets = await this.secretsOf(repo);
    const runs: string[] = [];
    for (const plan of plans) runs.push(await this.startRun(repo, plan, secrets));
    this.options.log.info({ repo: repo.url, event: what, runs }, 'pipelines triggered');
    return { started: true, runs };
  }

  /** The tree at the event's commit; a pull request head on no branch is fetched by its ref. */
  private async checkout(repo: PipelineRepo, event: TriggerEvent): Promise<string> {
    const { cache } = this.options;
    try {
      return await cache.checkout(repo.url, event.sha);
    } catch (error) {
      if (!(error instanceof GitError) || event.kind !== 'pull_request') throw error;
      await cache.resolveRevision(repo.url, event.ref);
      return cache.checkout(repo.url, event.sha);
    }
  }

  private async secretsOf(repo: PipelineRepo): Promise<Record<string, string>> {
    if (repo.secretsFile === undefined) return {};
    try {
      return await new EnvFileSecretSource(repo.secretsFile, undefined).load();
    } catch (cause) {
      throw new StateError(`cannot read the secrets file ${repo.secretsFile} of ${repo.url}`, {
        hint: 'fix secretsFile in the --pipeline-repos file; no run was started',
        cause,
      });
    }
  }

  /** Starts one run in the background; resolves with its id once the store holds it. */
  private async startRun(
    repo: PipelineRepo,
    plan: PipelinePlan,
    secrets: Readonly<Record<string, string>>,
  ): Promise<string> {
    const { options } = this;
    const runId = newRunId();
    let created: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => (created = resolve));
    const run = runPipeline(
      plan,
      {
        store: options.store,
        actions: options.actions ?? { ...nativeStepActions, ...defaultStepActions() },
        postActions: options.postActions ?? nativePostStepActions,
        secrets,
        ...(options.identityToken === undefined ? {} : { identityToken: options.identityToken }),
      },
      {
        repo: repo.url,
        runId,
        signal: this.abort.signal,
        onCreated: () => created(),
        ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
        ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
      },
    ).then(
      (record) => {
        options.log.info(
          { run: runId, pipeline: plan.pipeline.name, status: record.status },
          'pipeline run finished',
        );
        options.onRunFinished?.(record);
      },
      (error: unknown) => {
        options.log.error({ run: runId, err: error }, 'pipeline run could not be recorded');
      },
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    await Promise.race([stored, run]);
    return runId;
  }

  private remember(key: string): void {
    this.seen.add(key);
    // Sets iterate in insertion order: drop the oldest.
    for (const old of this.seen) {
      if (this.seen.size <= rememberedEvents) break;
      this.seen.delete(old);
    }
  }
}

function ignored(reason: string): TriggerOutcome {
  return { started: false, ignored: reason };
}
