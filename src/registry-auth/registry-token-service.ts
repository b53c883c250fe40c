import {
  IdentityError,
  type AccessTokenRequest,
  type BoundServiceAccount,
  type IssuedAccessToken,
} from '../identity/index.js';
import { RegistryAuthError } from './registry-auth-error.js';
import { decideScopes, type RegistryPolicy, type ScopeDecision } from './registry-policy.js';
import {
  authenticate,
  registryCredentialClaim,
  serviceAccountPrincipal,
  type BasicCredentials,
  type CredentialVerifiers,
  type RegistryPrincipal,
} from './registry-principal.js';
import { formatScope, type RequestedScope } from './registry-scope.js';
import {
  registryTokenClaims,
  registryTokenTtlSeconds,
  signRegistryToken,
  type RegistryTokenSigner,
} from './registry-token.js';
import type { PullDenial } from './pull-denied-event.js';

// The registry's token service without HTTP: who is asking, what they may do, the signed token;
// and the exchange of a pod's service-account token for a registry credential.

/** The part of a pino logger the service uses. It logs names and decisions, never credentials. */
export type RegistryAuthLog = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

export type RegistryTokenServiceDeps = {
  /** The registry's `service`: what clients send, and the `aud` of its tokens. */
  readonly service: string;
  /** The `iss` the registry trusts. */
  readonly issuer: string;
  /** The registry's host:port, for messages. */
  readonly registry: string;
  readonly signer: RegistryTokenSigner;
  /** The current policies (re-read when the file changes). */
  readonly policies: () => readonly RegistryPolicy[];
  readonly policiesFile: string | undefined;
  readonly verifiers: CredentialVerifiers;
  /** Verifies a pod's service-account token for the registry's audience, bound objects too. */
  readonly verifyServiceAccountToken: (token: string) => Promise<BoundServiceAccount>;
  /** Slipway's issuer: the registry credential is one of its access tokens. */
  readonly issueAccessToken: (request: AccessTokenRequest) => IssuedAccessToken;
  readonly reportDenial?: (denial: PullDenial) => Promise<unknown>;
  readonly log?: RegistryAuthLog;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  /** How long a registry credential lives (default 600 s). */
  readonly credentialTtlSeconds?: number;
};

export type RegistryTokenRequest = {
  readonly credentials: BasicCredentials | undefined;
  /** The `service` the client named; undefined when it named none. */
  readonly service: string | undefined;
  readonly scopes: readonly RequestedScope[];
  /** The client address, for the log. */
  readonly from: string;
};

export type IssuedRegistryToken = {
  readonly token: string;
  readonly expiresIn: number;
  readonly issuedAt: string;
  readonly principal: RegistryPrincipal;
  readonly decisions: readonly ScopeDecision[];
};

/** Authenticates, decides every scope, and signs a token with what was granted. */
export async function issueRegistryToken(
  deps: RegistryTokenServiceDeps,
  request: RegistryTokenRequest,
): Promise<IssuedRegistryToken> {
  if (request.service !== undefined && request.service !== deps.service) {
    throw new RegistryAuthError(
      'wrong_service',
      `this token service serves "${deps.service}", not ${JSON.stringify(request.service.slice(0, 100))}`,
    );
  }
  const principal = await authenticate(request.credentials, deps.verifiers);
  const decisions = decideScopes(deps.policies(), principal.name, request.scopes);
  const nowMs = (deps.now ?? Date.now)();
  const now = Math.floor(nowMs / 1000);
  const claims = registryTokenClaims({
    issuer: deps.issuer,
    service: deps.service,
    subject: principal.name,
    decisions,
    now,
    ttlSeconds: registryTokenTtlSeconds,
  });
  for (const decision of decisions) recordDecision(deps, principal, decision, request.from);
  return {
    token: signRegistryToken(claims, deps.signer),
    expiresIn: registryTokenTtlSeconds,
    issuedAt: new Date(now * 1000).toISOString(),
    principal,
    decisions,
  };
}

function recordDecision(
  deps: RegistryTokenServiceDeps,
  principal: RegistryPrincipal,
  decision: ScopeDecision,
  from: string,
): void {
  const fields = {
    principal: principal.name,
    scope: formatScope(decision.scope),
    granted: decision.granted,
    denied: decision.denied,
    from,
  };
  if (decision.denied.length === 0) {
    deps.log?.info(fields, 'registry access granted');
    return;
  }
  deps.log?.warn(fields, 'registry access denied');
  if (
    principal.kind !== 'service-account' ||
    principal.pod === undefined ||
    decision.scope.type !== 'repository' ||
    !decision.denied.includes('pull') ||
    deps.reportDenial === undefined
  ) {
    return;
  }
  const denial: PullDenial = {
    namespace: principal.namespace,
    serviceAccount: principal.serviceAccount,
    pod: principal.pod,
    registry: deps.registry,
    repository: decision.scope.name,
    actions: ['pull'],
    policiesFile: deps.policiesFile,
  };
  // The token answer does not wait for the API server; a failed post is logged.
  void deps
    .reportDenial(denial)
    .catch((error: unknown) =>
      deps.log?.warn(
        { pod: `${denial.namespace}/${denial.pod.name}`, err: error },
        'could not post the pull-denied event',
      ),
    );
}

export type IssuedRegistryCredential = {
  readonly password: string;
  readonly expiresIn: number;
  readonly principal: string;
};

/**
 * What POST /exchange does for `slipway credential-provider`: verifies the pod's service-account
 * token (audience = the registry's service; the pod and ServiceAccount must still exist) and
 * issues a short-lived registry credential naming the ServiceAccount and the pod. Whether that
 * ServiceAccount may pull a repository is decided later, per scope, at the token endpoint.
 */
export async function exchangeServiceAccountToken(
  deps: RegistryTokenServiceDeps,
  subjectToken: string,
): Promise<IssuedRegistryCredential> {
  let bound: BoundServiceAccount;
  try {
    bound = await deps.verifyServiceAccountToken(subjectToken);
  } catch (error) {
    if (error instanceof IdentityError && error.failure === 'unavailable') {
      throw new RegistryAuthError('unavailable', error.message, { cause: error });
    }
    throw new RegistryAuthError(
      'unauthorized',
      `the service-account token was refused: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const principal = serviceAccountPrincipal(bound.namespace, bound.serviceAccount);
  const issued = deps.issueAccessToken({
    sub: principal,
    aud: deps.service,
    ttlSeconds: deps.credentialTtlSeconds ?? 600,
    claims: {
      [registryCredentialClaim]: 'service-account',
      namespace: bound.namespace,
      serviceaccount: bound.serviceAccount,
      ...(bound.pod ? { pod: bound.pod.name, pod_uid: bound.pod.uid } : {}),
    },
  });
  deps.log?.info(
    { principal, pod: bound.pod?.name, expiresIn: issued.expiresIn },
    'issued a registry credential',
  );
  return { password: issued.accessToken, expiresIn: issued.expiresIn, principal };
}
