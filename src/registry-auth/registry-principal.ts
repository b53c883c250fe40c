import type { BasicCredentials } from '../auth/basic-auth.js';
export type { BasicCredentials };
import { IdentityError, pipelineRunOf, type JwtClaims } from '../identity/index.js';
import { anonymousPrincipal } from './registry-policy.js';
import { RegistryAuthError } from './registry-auth-error.js';

// Who is asking the registry's token service, from the credential it was sent. Three kinds of
// password are taken, and each is recognised by what only its own issuer puts in it:
//   - a registry credential Slipway made from a pod's service-account token (POST /exchange),
//   - a pipeline run's token (pipelineRunToken, with run_id/repo/pipeline claims),
//   - a Slipway API token (`slw_…`), with the user's name as the username.
// A workload access token from /api/identity/token carries neither marker, so a ServiceAccount
// whose slipway.dev/identity annotation reads like a pipeline or another account gains nothing.

export type RegistryPrincipal =
  | { readonly kind: 'anonymous'; readonly name: typeof anonymousPrincipal }
  | {
      readonly kind: 'service-account';
      readonly name: string;
      readonly namespace: string;
      readonly serviceAccount: string;
      /** The pod the kubelet pulled for, from the bound token; a denial is reported on it. */
      readonly pod?: { readonly name: string; readonly uid: string };
    }
  | { readonly kind: 'pipeline'; readonly name: string; readonly runId: string }
  | { readonly kind: 'user'; readonly name: string; readonly user: string };

/** The claim that marks a registry credential minted by POST /exchange. */
export const registryCredentialClaim = 'registry_credential';

export const serviceAccountPrincipal = (namespace: string, name: string): string =>
  `system:serviceaccount:${namespace}:${name}`;

const text = (claims: JwtClaims, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * The principal a verified Slipway token speaks for, or undefined when it is neither a registry
 * credential nor a pipeline run's token. Pure.
 */
export function principalFromClaims(claims: JwtClaims): RegistryPrincipal | undefined {
  const sub = claims['sub'];
  if (claims[registryCredentialClaim] === 'service-account') {
    const namespace = text(claims, 'namespace');
    const serviceAccount = text(claims, 'serviceaccount');
    if (namespace === undefined || serviceAccount === undefined) return undefined;
    const name = serviceAccountPrincipal(namespace, serviceAccount);
    if (sub !== name) return undefined;
    const pod = text(claims, 'pod');
    const podUid = text(claims, 'pod_uid');
    return {
      kind: 'service-account',
      name,
      namespace,
      serviceAccount,
      ...(pod !== undefined && podUid !== undefined ? { pod: { name: pod, uid: podUid } } : {}),
    };
  }
  const run = pipelineRunOf(claims);
  return run === undefined ? undefined : { kind: 'pipeline', name: run.subject, runId: run.runId };
}

export type CredentialVerifiers = {
  /** Verifies one of Slipway's own tokens for the registry's audience; throws when it does not. */
  readonly verifySlipwayToken: (token: string) => JwtClaims;
  /** The user a Slipway API token belongs to; undefined when it is not a live token. */
  readonly userOfApiToken: (token: string) => Promise<string | undefined>;
};

const refused = (why: string): RegistryAuthError =>
  new RegistryAuthError('unauthorized', why, {
    hint: 'use the credential `slipway credential-provider` returns, a pipeline run token, or a Slipway API token with your user name',
  });

/** Who sent `credentials`; anonymous when none were sent. Refusals are RegistryAuthErrors. */
export async function authenticate(
  credentials: BasicCredentials | undefined,
  verifiers: CredentialVerifiers,
): Promise<RegistryPrincipal> {
  if (credentials === undefined) return { kind: 'anonymous', name: anonymousPrincipal };
  const { username, password } = credentials;
  if (password.startsWith('slw_')) {
    const user = await verifiers.userOfApiToken(password);
    if (user === undefined) throw refused('the API token is unknown, revoked or expired');
    if (user !== username) {
      throw refused(`the API token belongs to another user than ${JSON.stringify(username)}`);
    }
    return { kind: 'user', name: `user:${user}`, user };
  }
  let claims: JwtClaims;
  try {
    claims = verifiers.verifySlipwayToken(password);
  } catch (error) {
    const why = error instanceof IdentityError ? error.message : 'the password is not a token';
    throw refused(`the password is not a valid Slipway token for the registry: ${why}`);
  }
  const principal = principalFromClaims(claims);
  if (principal === undefined) {
    throw refused(
      'the token is a Slipway token but neither a registry credential nor a pipeline run token',
    );
  }
  return principal;
}
