import {
  decodeJwt,
  isJwtAlgorithm,
  verifyJwtSignature,
  type JwtClaims,
} from '../../identity/jwt.js';
import type { VerificationKey } from '../../identity/jwt.js';
import { constantTimeEqual } from '../secrets.js';
import { badProof } from './oidc-refusal.js';

export type IdTokenCheck = {
  readonly issuer: string;
  readonly clientId: string;
  /** The nonce sent with this login's authorization request. */
  readonly nonce: string;
  /** The issuer's key for a kid (OidcKeySet.keyFor). */
  readonly keyFor: (kid: unknown) => Promise<VerificationKey | undefined>;
  readonly now: () => number;
  /** Clock skew allowed on exp, iat and nbf; 60 s when absent. */
  readonly leewaySeconds?: number;
};

const retry = 'sign in again; if it keeps failing, check the IdP and --oidc-config';

/** The audience as a list (a string or an array of strings). Pure. */
const audiences = (aud: unknown): unknown[] => (Array.isArray(aud) ? aud : [aud]);

function checkTimes(claims: JwtClaims, nowSeconds: number, leeway: number): void {
  const { exp, nbf, iat } = claims;
  if (typeof exp !== 'number') throw badProof('the id_token has no exp', retry);
  if (exp + leeway <= nowSeconds) throw badProof('the id_token has expired', retry);
  if (typeof nbf === 'number' && nbf - leeway > nowSeconds)
    throw badProof(
      'the id_token is not valid yet (nbf)',
      'check the clocks of Slipway and the IdP',
    );
  if (typeof iat === 'number' && iat - leeway > nowSeconds)
    throw badProof('the id_token was issued in the future (iat)', 'check the clocks');
}

function checkAudience(claims: JwtClaims, clientId: string): void {
  const aud = audiences(claims['aud']);
  if (!aud.includes(clientId))
    throw badProof(`the id_token is not for this client (aud is not "${clientId}")`, retry);
  // OIDC Core 3.1.3.7: with several audiences, azp must be this client.
  const azp = claims['azp'];
  if (aud.length > 1 && azp !== clientId)
    throw badProof('the id_token names several audiences and another azp', retry);
}

/**
 * Verifies an id_token from the token endpoint (OIDC Core 3.1.3.7): RS256/ES256 signature by a
 * key of the issuer's JWKS, iss, aud (and azp), exp/nbf/iat, and the login's nonce. Returns its
 * claims; throws OidcRefusal('unauthenticated') naming what failed.
 */
export async function verifyIdToken(token: string, check: IdTokenCheck): Promise<JwtClaims> {
  let jwt;
  try {
    jwt = decodeJwt(token);
  } catch {
    throw badProof('the IdP returned an id_token that is not a JWT', retry);
  }
  if (!isJwtAlgorithm(jwt.header.alg))
    throw badProof(`the id_token is signed with ${String(jwt.header.alg)}, not RS256 or ES256`);
  const key = await check.keyFor(jwt.header.kid);
  if (key === undefined || !verifyJwtSignature(jwt, key))
    throw badProof('the id_token signature does not verify with the issuer keys', retry);
  const { claims } = jwt;
  if (claims['iss'] !== check.issuer)
    throw badProof(`the id_token was issued by another issuer (not "${check.issuer}")`, retry);
  checkAudience(claims, check.clientId);
  checkTimes(claims, Math.floor(check.now() / 1000), check.leewaySeconds ?? 60);
  const nonce = claims['nonce'];
  if (typeof nonce !== 'string' || !constantTimeEqual(nonce, check.nonce))
    throw badProof('the id_token nonce does not match this sign-in (a replayed token?)', retry);
  return claims;
}
