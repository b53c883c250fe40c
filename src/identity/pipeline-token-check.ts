import { IdentityError, quoteClaim } from './identity-error.js';
import type { JwtClaims } from './jwt.js';
import type { OidcKeySet } from './oidc-keys.js';
import { verifyOidcToken } from './oidc-token.js';
import { pipelineSubject } from './pipeline-token.js';

// What a service outside Slipway (a Git host) checks before it lets a pipeline run in: the
// token is Slipway's, for this service, alive, and a run token — not a workload access token.

/** The run a verified token speaks for. */
export type PipelineRun = {
  /** `pipeline:<repo>:<pipeline>`, the token's sub. */
  readonly subject: string;
  readonly runId: string;
  readonly repo: string;
  readonly pipeline: string;
  readonly ref?: string;
  readonly sha?: string;
};

export type PipelineRunTokenOptions = {
  /** Slipway's issuer: its URL (the tokens' iss) and its JWKS. */
  readonly keys: OidcKeySet;
  readonly audience: string;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly skewSeconds?: number;
};

const text = (claims: JwtClaims, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The pipeline run of a verified Slipway token, or undefined when it is not a run token: only
 * pipelineRunToken writes run_id, repo and pipeline, and its sub must agree with them, so a
 * workload whose identity annotation reads `pipeline:…` is not taken for a run. Pure.
 */
export function pipelineRunOf(claims: JwtClaims): PipelineRun | undefined {
  const runId = text(claims, 'run_id');
  const repo = text(claims, 'repo');
  const pipeline = text(claims, 'pipeline');
  if (runId === undefined || repo === undefined || pipeline === undefined) return undefined;
  const subject = pipelineSubject(repo, pipeline);
  if (claims['sub'] !== subject) return undefined;
  const ref = text(claims, 'ref');
  const sha = text(claims, 'sha');
  return {
    subject,
    runId,
    repo,
    pipeline,
    ...(ref === undefined ? {} : { ref }),
    ...(sha === undefined ? {} : { sha }),
  };
}

/** Verifies a pipeline run's token against Slipway's published keys; IdentityError if not. */
export async function verifyPipelineRunToken(
  token: string,
  options: PipelineRunTokenOptions,
): Promise<PipelineRun> {
  const claims = await verifyOidcToken(token, {
    ...options,
    issuerHint: `use the run's own token, issued by Slipway at ${options.keys.issuerUrl}`,
  });
  const run = pipelineRunOf(claims);
  if (run === undefined) {
    throw new IdentityError(
      'not_pipeline_run',
      `the token speaks for ${quoteClaim(claims['sub'])}, which is not a pipeline run`,
      { hint: "only a run's own token (sub pipeline:<repo>:<pipeline>) is taken here" },
    );
  }
  return run;
}
