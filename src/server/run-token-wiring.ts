import { StateError } from '../errors/index.js';
import { normalizeRepoUrl } from '../git/webhook/index.js';
import {
  maxPipelineTokenSeconds,
  pipelineRunToken,
  type SlipwayIssuer,
} from '../identity/index.js';
import type { RunTokenRequest } from '../pipeline/run/index.js';

/**
 * The repository part of a run's subject, `pipeline:<repo>:<pipeline>`: the URL's path without
 * host, scheme, user or `.git` (`https://git.example/Cats/cat-app.git` → `cats/cat-app`, lower
 * case as normalizeRepoUrl makes it); a local directory keeps its path. Pure.
 */
export function runTokenRepo(url: string): string {
  const key = normalizeRepoUrl(url);
  if (key.startsWith('file:')) return key.slice('file:'.length).replace(/^\/+/, '');
  const slash = key.indexOf('/');
  return slash < 0 ? key : key.slice(slash + 1);
}

/**
 * Pipeline runs' identity tokens for `slipway up`. The trigger is made before workload identity
 * is up, so the issuer is handed over later; until then (or without identity) minting fails with
 * a message the step shows.
 */
export function runTokenMinter(): {
  readonly identityToken: (request: RunTokenRequest) => string;
  readonly useIssuer: (issuer: SlipwayIssuer) => void;
} {
  let issuer: SlipwayIssuer | undefined;
  return {
    useIssuer: (given) => {
      issuer = given;
    },
    identityToken: (request) => {
      if (issuer === undefined) {
        throw new StateError('this run has no identity token: workload identity is off', {
          hint: 'the cluster must publish OIDC discovery (`slipway cluster up` does)',
        });
      }
      return pipelineRunToken(issuer, {
        runId: request.runId,
        repo: runTokenRepo(request.repo),
        pipeline: request.pipeline,
        sha: request.event.sha,
        ref: request.event.ref,
        event: request.event.kind,
        // A run lasts at most its jobs' timeouts; the token is capped at an hour either way.
        timeoutSeconds: maxPipelineTokenSeconds,
        audience: request.audience,
      }).accessToken;
    },
  };
}
