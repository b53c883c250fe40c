import { IdentityError, quoteClaim } from './identity-error.js';
import type { JwtClaims } from './jwt.js';

// The checks every JWT gets after its signature: issuer, audience, and the time window.

export function checkIssuer(
  claims: JwtClaims,
  issuer: string,
  hint = 'use a token from this cluster (a projected service-account token in the pod)',
): void {
  if (claims['iss'] !== issuer) {
    throw new IdentityError(
      'wrong_issuer',
      `the token was issued by ${quoteClaim(claims['iss'])}, not by ${quoteClaim(issuer)}`,
      { hint },
    );
  }
}

/** `aud` may be one string or a list (RFC 7519 §4.1.3); the audience must be among them. */
export function checkAudience(claims: JwtClaims, audience: string): void {
  const aud = claims['aud'];
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!audiences.includes(audience)) {
    throw new IdentityError(
      'wrong_audience',
      `the token is for audience ${quoteClaim(aud)}, not ${quoteClaim(audience)}`,
      { hint: `request the token with audience "${audience}" (serviceAccountToken.audience)` },
    );
  }
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** exp is required; nbf and iat, when present, may not be in the future (beyond `skew`). */
export function checkTimes(claims: JwtClaims, nowSeconds: number, skewSeconds: number): void {
  const { exp, nbf, iat } = claims;
  if (typeof exp !== 'number') {
    throw new IdentityError('malformed', 'the token has no numeric exp (expiry) claim');
  }
  if (nowSeconds - skewSeconds >= exp) {
    throw new IdentityError(
      'expired',
      `the token expired at ${iso(exp)} (now ${iso(nowSeconds)})`,
      {
        hint: 'read the token file again: the kubelet refreshes it before it expires',
      },
    );
  }
  for (const [name, value] of [
    ['nbf', nbf],
    ['iat', iat],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'number') {
      throw new IdentityError('malformed', `the token's ${name} claim is not a number`);
    }
    if (value > nowSeconds + skewSeconds) {
      throw new IdentityError(
        'not_yet_valid',
        `the token's ${name} is ${iso(value)}, in the future (now ${iso(nowSeconds)})`,
        { hint: "check the clocks of this machine and the token's issuer" },
      );
    }
  }
}
