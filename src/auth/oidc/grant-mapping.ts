import type { Grant } from '../auth-types.js';
import type { OidcGroupGrant } from './oidc-config.js';
import type { JwtClaims } from '../../identity/jwt.js';

/** The groups in a claim: an array of strings, or one string. Anything else is no groups. Pure. */
export function groupsOf(claims: JwtClaims, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return [];
}

/** The grants the user's groups map to, without duplicates; empty means no way in. Pure. */
export function grantsForGroups(
  groups: readonly string[],
  mapping: readonly OidcGroupGrant[],
): Grant[] {
  const grants: Grant[] = [];
  for (const entry of mapping) {
    if (!groups.includes(entry.group)) continue;
    if (grants.some((g) => g.role === entry.role && g.project === entry.project)) continue;
    grants.push({ role: entry.role, project: entry.project });
  }
  return grants;
}

/**
 * The Slipway user name for a verified id_token: `oidc:<sub>`, or `oidc:<email>` when the config
 * says so and the IdP says the address is verified. The `oidc:` prefix cannot appear in a local
 * user's name, so an IdP account can never become a local user. Undefined when the claim is
 * missing or unverified. Pure.
 */
export function userNameOf(claims: JwtClaims, userClaim: 'sub' | 'email'): string | undefined {
  if (userClaim === 'email') {
    const email = claims['email'];
    if (typeof email !== 'string' || email === '' || claims['email_verified'] !== true)
      return undefined;
    return `oidc:${email}`;
  }
  const sub = claims['sub'];
  return typeof sub === 'string' && sub !== '' ? `oidc:${sub}` : undefined;
}
