import { checkAudience, checkIssuer, checkTimes } from './claim-checks.js';
import { IdentityError } from './identity-error.js';
import { decodeJwt, isJwtAlgorithm, verifyJwtSignature, type JwtClaims } from './jwt.js';
import type { OidcKeySet } from './oidc-keys.js';

// The checks every token from an OIDC issuer gets, whoever verifies it: the API server's
// service-account tokens (for Slipway) and Slipway's own tokens (for a Git host or a registry).

export type OidcTokenOptions = {
  /** The issuer's keys: `iss` must be its issuerUrl and the signature one of its keys. */
  readonly keys: OidcKeySet;
  /** The audience the token must carry. */
  readonly audience: string;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  readonly skewSeconds?: number;
  /** The hint of a wrong-issuer refusal: which tokens this verifier takes. */
  readonly issuerHint?: string;
};

/**
 * Verifies a JWT against its issuer's published keys — iss, alg, kid, signature, aud, exp,
 * nbf/iat — and returns its claims. Every refusal is an IdentityError naming what is wrong and
 * never quoting the token.
 */
export async function verifyOidcToken(
  token: string,
  options: OidcTokenOptions,
): Promise<JwtClaims> {
  const jwt = decodeJwt(token);
  const { keys } = options;
  checkIssuer(jwt.claims, keys.issuerUrl, options.issuerHint);
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
  return jwt.claims;
}
