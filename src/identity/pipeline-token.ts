import { InputError } from '../errors/index.js';
import type { IssuedAccessToken, SlipwayIssuer } from './slipway-issuer.js';

export type PipelineRunContext = {
  readonly runId: string;
  /** The repository the pipeline came from, e.g. "cats/cat-app". */
  readonly repo: string;
  readonly pipeline: string;
  readonly sha: string;
  readonly ref: string;
  /** What started the run: push, pull_request, manual, … */
  readonly event: string;
  /** The run's timeout; the token lives as long, but at most an hour. */
  readonly timeoutSeconds: number;
  /** Who the token is for; "slipway" (the registry and config-repo bump verify that). */
  readonly audience?: string;
};

export const maxPipelineTokenSeconds = 3600;

/** The subject of a run's token: one identity per pipeline, like GitHub's `repo:…` subjects. */
export const pipelineSubject = (repo: string, pipeline: string): string =>
  `pipeline:${repo}:${pipeline}`;

/**
 * The audience of a run token for pushing to a Git host over HTTP: `git:` and the host's origin
 * (`https://git.example/cats/config.git` → `git:https://git.example`), so a token for one host
 * is refused by every other. Throws on a URL that does not parse.
 */
export const gitPushAudience = (url: string): string => `git:${new URL(url).origin}`;

/**
 * A pipeline run's own identity token, as GitHub Actions' OIDC token: sub names the pipeline,
 * the claims say which run, commit and event, and it expires with the run (capped at one hour).
 */
export function pipelineRunToken(
  issuer: SlipwayIssuer,
  run: PipelineRunContext,
): IssuedAccessToken {
  if (!Number.isFinite(run.timeoutSeconds) || run.timeoutSeconds <= 0) {
    throw new InputError(`pipeline run ${run.runId} has timeout ${run.timeoutSeconds}s`, {
      hint: 'give the pipeline a positive timeout',
    });
  }
  return issuer.issueAccessToken({
    sub: pipelineSubject(run.repo, run.pipeline),
    aud: run.audience ?? 'slipway',
    ttlSeconds: Math.min(
      Math.ceil(run.timeoutSeconds),
      maxPipelineTokenSeconds,
      issuer.maxTtlSeconds,
    ),
    claims: {
      run_id: run.runId,
      repo: run.repo,
      pipeline: run.pipeline,
      sha: run.sha,
      ref: run.ref,
      event: run.event,
    },
  });
}
