import { normalizeRepoUrl, type RepoEvent } from '../../git/webhook/index.js';
import type { Pipeline } from '../definition/index.js';
import { planPipeline, type PipelinePlan, type TriggerEvent } from '../plan/index.js';
import type { PipelineRepo } from './repo-registry.js';

// Which registered repository and which pipelines an event concerns. Pure.

/** The registered repository the event's URLs name, matched the way webhooks match Applications. */
export function repoForEvent(
  repoUrls: readonly string[],
  repos: readonly PipelineRepo[],
): PipelineRepo | undefined {
  const keys = new Set(repoUrls.map(normalizeRepoUrl));
  return repos.find((repo) => keys.has(normalizeRepoUrl(repo.url)));
}

/** Why an event cannot start anything before its repository is even read, if it cannot. */
export function unrunnableReason(event: TriggerEvent): string | undefined {
  if (/^0+$/.test(event.sha)) return `${event.ref} was deleted: there is no commit to run`;
  return undefined;
}

export type PipelineSelection = {
  readonly plans: readonly PipelinePlan[];
  /** Each pipeline that does not run, with why. */
  readonly skipped: readonly { readonly pipeline: string; readonly reason: string }[];
};

/** The plans of every pipeline the event triggers, and why the others do not run. */
export function selectPipelines(
  pipelines: readonly Pipeline[],
  event: TriggerEvent,
): PipelineSelection {
  const plans: PipelinePlan[] = [];
  const skipped: { pipeline: string; reason: string }[] = [];
  for (const pipeline of pipelines) {
    const decision = planPipeline(pipeline, event);
    if (decision.triggered) plans.push(decision.plan);
    else skipped.push({ pipeline: pipeline.name, reason: decision.reason });
  }
  return { plans, skipped };
}

/** How an event reads in logs and answers: `push to main at 1a2b3c4d5e6f`. */
export function describeEvent(event: TriggerEvent): string {
  const at = event.sha.slice(0, 12);
  if (event.kind === 'pull_request') {
    return `pull request #${event.pr?.number ?? '?'} ${event.action ?? 'opened'} at ${at}`;
  }
  return `${event.kind} to ${event.branch ?? event.ref} at ${at}`;
}

/**
 * One key per repository and event, so the same push seen by the poller and a webhook (or a
 * redelivered webhook) starts its pipelines once.
 */
export function eventKey(repo: PipelineRepo, { event }: RepoEvent): string {
  return [normalizeRepoUrl(repo.url), event.kind, event.action ?? '', event.ref, event.sha].join(
    '\n',
  );
}
