import { boundClaims, checkBoundObjects, identityOf, type ObjectReader } from './bound-objects.js';
import { OidcKeySet } from './oidc-keys.js';
import { verifyOidcToken } from './oidc-token.js';
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
  const keys =
    options.issuer instanceof OidcKeySet ? options.issuer : new OidcKeySet(options.issuer);
  const claims = await verifyOidcToken(token, {
    keys,
    audience: options.audience,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.skewSeconds === undefined ? {} : { skewSeconds: options.skewSeconds }),
  });
  const bound = boundClaims(claims);
  const account = await checkBoundObjects(bound, options.client);
  return {
    namespace: bound.namespace,
    serviceAccount: bound.serviceaccount.name,
    ...(bound.pod ? { pod: { name: bound.pod.name, uid: bound.pod.uid } } : {}),
    expiresAt: claims['exp'] as number,
    account,
  };
}
