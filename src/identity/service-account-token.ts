import { checkAudience, checkIssuer, checkTimes } from './claim-checks.js';
import { boundClaims, checkBoundObjects, identityOf, type ObjectReader } from './bound-objects.js';
import { IdentityError } from './identity-error.js';
import { decodeJwt, isJwtAlgorithm, verifyJwtSignature } from './jwt.js';
import { OidcKeySet } from './oidc-keys.js';

/** Who a verified service-account token speaks for. */
export type WorkloadIdentity = {
  /** The ServiceAccount's slipway.dev/identity (or azure.workload.identity/client-id). */
  readonly identity: string;
  /** The values a client_id may name: the identity and the Azure client id. */
  readonly clientIds: readonly string[];
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly pod?: string;
  /** The subject token's exp, in seconds. */
  readonly expiresAt: number;
};

export type ServiceAccountTokenOptions = {
  /** The API server's issuer: a shared key set (cached keys), or its URL and CA. */
  readonly issuer: OidcKeySet | { readonly issuerUrl: string; readonly ca?: Buffer };
  /** The audience the token must carry: Slipway's projected tokens use "slipway". */
  readonly audience: string;
  readonly client: ObjectReader;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly skewSeconds?: number;
};

/**
 * Verifies a Kubernetes service-account token as the API server would, without asking it to:
 * signature against the issuer's JWKS, iss, aud, exp/nbf, then that the pod and ServiceAccount it
 * is bound to still exist with the same uids. Every refusal is an IdentityError.
 */
export async function verifyServiceAccountToken(
  token: string,
  options: ServiceAccountTokenOptions,
): Promise<WorkloadIdentity> {
  const jwt = decodeJwt(token);
  const keys =
    options.issuer instanceof OidcKeySet ? options.issuer : new OidcKeySet(options.issuer);
  checkIssuer(jwt.claims, keys.issuerUrl);
  if (!isJwtAlgorithm(jwt.header.alg)) {
    throw new IdentityError(
      'unsupported_algorithm',
      `the token is signed with ${JSON.stringify(jwt.header.alg)}; only RS256 and ES256 are accepted`,
    );
  }
  const key = await keys.keyFor(jwt.header.kid);
  if (key === undefined) {
    throw new IdentityError(
      'unknown_key',
      `the token is signed with a key ${keys.issuerUrl} does not publish (kid ${JSON.stringify(jwt.header.kid)})`,
    );
  }
  if (!verifyJwtSignature(jwt, key)) {
    throw new IdentityError(
      'bad_signature',
      `the token's signature does not verify with the key of ${keys.issuerUrl}`,
    );
  }
  checkAudience(jwt.claims, options.audience);
  checkTimes(jwt.claims, (options.now ?? Date.now)() / 1000, options.skewSeconds ?? 30);
  const bound = boundClaims(jwt.claims);
  const account = await checkBoundObjects(bound, options.client);
  return {
    ...identityOf(account),
    namespace: bound.namespace,
    serviceAccount: bound.serviceaccount.name,
    ...(bound.pod ? { pod: bound.pod.name } : {}),
    expiresAt: jwt.claims['exp'] as number,
  };
}
