import {
  gitPushAudience,
  IdentityError,
  OidcKeySet,
  verifyPipelineRunToken,
  type FetchJson,
  type IdentityFailure,
  type PipelineRun,
} from '../identity/index.js';
import { globMatches } from '../secrets/access/index.js';
import { HttpError } from './http-error.js';

// Pushes by pipeline runs, with the run's own Slipway token instead of a stored password — as
// GitHub takes `x-access-token:<token>`. The host checks the token against Slipway's published
// keys, its audience, its expiry, that it is a run's token, and which runs may push where.

/** The Basic-auth user name that marks the password as a run token. */
export const runTokenUser = 'x-access-token';

export type RunTokenTrust = {
  /** Slipway's URL: the `iss` of its tokens, and where its OIDC discovery is served. */
  readonly issuerUrl: string;
  /** Slipway's JWKS (`<issuerUrl>/jwks.json`); found by OIDC discovery when absent. */
  readonly jwksUrl?: string;
  /** The audience a token must carry; `git:<the host's origin>` (gitPushAudience) when absent. */
  readonly audience?: string;
  /**
   * Repository name → the run subjects (globs, `pipeline:cat-app:*`) that may push to it with a
   * token. Absent: any run may push to any repository; present: only those listed.
   */
  readonly pushers?: Readonly<Record<string, readonly string[]>>;
  readonly fetchJson?: FetchJson;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
};

function hintFor(failure: IdentityFailure, trust: RunTokenTrust, audience: string): string {
  switch (failure) {
    case 'expired':
    case 'not_yet_valid':
      return "a run's token lives as long as the run (an hour at most): run the pipeline again, and check the clocks";
    case 'wrong_audience':
      return `a token for this host has audience "${audience}"; slipway/gitops-bump asks for it from the repository URL`;
    case 'wrong_issuer':
    case 'unknown_key':
    case 'bad_signature':
      return `this host takes run tokens from Slipway at ${trust.issuerUrl} only`;
    case 'not_pipeline_run':
      return "only pipeline runs push with a token; people use the host's user and password";
    default:
      return `send the run's token as the password of user ${runTokenUser}`;
  }
}

/** Checks the run tokens of pushes for one host (its audience is fixed once it listens). */
export class RunTokenGate {
  private readonly keys: OidcKeySet;
  readonly audience: string;

  constructor(
    private readonly trust: RunTokenTrust,
    hostBaseUrl: string,
  ) {
    this.audience = trust.audience ?? gitPushAudience(hostBaseUrl);
    this.keys = new OidcKeySet({
      issuerUrl: trust.issuerUrl,
      ...(trust.jwksUrl === undefined ? {} : { jwksUrl: trust.jwksUrl }),
      ...(trust.fetchJson === undefined ? {} : { fetchJson: trust.fetchJson }),
      ...(trust.now === undefined ? {} : { now: trust.now }),
    });
  }

  /**
   * The run a token lets push to `repo`. Refusals are HttpErrors that say why and never quote
   * the token: 401 for a token that does not verify, 403 for a run not allowed on `repo`, 503
   * when Slipway's keys cannot be read.
   */
  async pusher(repo: string, token: string): Promise<PipelineRun> {
    let run: PipelineRun;
    try {
      run = await verifyPipelineRunToken(token, {
        keys: this.keys,
        audience: this.audience,
        ...(this.trust.now === undefined ? {} : { now: this.trust.now }),
      });
    } catch (error) {
      if (!(error instanceof IdentityError)) throw error;
      if (error.failure === 'unavailable') {
        throw new HttpError(503, `cannot check the run token: ${error.message}`, error.hint);
      }
      throw new HttpError(
        401,
        `the run token was refused: ${error.message}`,
        hintFor(error.failure, this.trust, this.audience),
      );
    }
    const allowed = this.trust.pushers?.[repo];
    if (this.trust.pushers !== undefined && !allowed?.some((p) => globMatches(p, run.subject))) {
      throw new HttpError(
        403,
        `${run.subject} may not push to ${repo}`,
        allowed === undefined || allowed.length === 0
          ? `no pipeline may push to ${repo} with a token; list it in the host's pushers`
          : `runs that may: ${allowed.join(', ')}`,
      );
    }
    return run;
  }
}
