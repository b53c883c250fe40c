import { checkAudience, checkIssuer, checkTimes } from './claim-checks.js';
import { boundClaims, checkBoundObjects, identityOf, type ObjectReader } from './bound-objects.js';
import { IdentityError } from './identity-error.js';
import { decodeJwt, isJwtAlgorithm, verifyJwtSignature } from './jwt.js';
import { OidcKeySet } from './oidc-keys.js';
import type { KubeObject } from '../kube/index.js';

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

/** A verified service-account token whose bound objects still exist, identity annotation or not. */
export type BoundServiceAccount = {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly pod?: { readonly name: string; readonly uid: string };
  /** The subject token's exp, in seconds. */
  readonly expiresAt: number;
  /** The ServiceAccount as read from the API server. */
  readonly account: KubeObject;
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
  const bound = await verifyBoundServiceAccountToken(token, options);
  return {
    ...identityOf(bound.account),
    namespace: bound.namespace,
    serviceAccount: bound.serviceAccount,
    ...(bound.pod ? { pod: bound.pod.name } : {}),
    expiresAt: bound.expiresAt,
  };
}

/**
 * The checks of verifyServiceAccountToken without the identity annotation: for callers that
 * authorize the ServiceAccount itself (image pulls), not a named Slipway identity.
 */
export async function verifyBoundServiceAccountToken(
  token: string,
  options: ServiceAccountTokenOptions,
): Promise<BoundServiceAccount> {
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
    namespace: bound.namespace,
    serviceAccount: bound.serviceaccount.name,
    ...(bound.pod ? { pod: { name: bound.pod.name, uid: bound.pod.uid } } : {}),
    expiresAt: jwt.claims['exp'] as number,
    account,
  };
}
