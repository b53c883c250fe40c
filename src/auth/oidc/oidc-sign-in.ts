import type { Grant } from '../auth-types.js';
import { grantsForGroups, groupsOf, userNameOf } from './grant-mapping.js';
import { verifyIdToken } from './id-token.js';
import type { OidcConfig } from './oidc-config.js';
import { OidcProvider } from './oidc-provider.js';
import { badProof, OidcRefusal } from './oidc-refusal.js';
import { PendingLogins, pkceChallenge } from './pending-logins.js';

// The authorization code flow with PKCE, as a confidential (client_secret_post) or public client:
// begin() makes the IdP URL to send the browser to, complete() checks everything the callback
// brings and starts a Slipway session for whom the IdP vouched.

export type OidcSignInDeps = {
  /** Starts a Slipway session for an external user with these grants (startExternalSession). */
  readonly startSession: (
    user: string,
    grants: readonly Grant[],
  ) => { sessionId: string; csrfToken: string };
  readonly now?: () => number;
  readonly fetch?: typeof fetch;
};

export type OidcCallback = {
  readonly code?: string | undefined;
  readonly state?: string | undefined;
  /** The IdP's own refusal (`error=access_denied`), if it sent one. */
  readonly error?: string | undefined;
  /** The login cookie's value. */
  readonly browserBinding?: string | undefined;
};

export type OidcSignedIn = {
  readonly user: string;
  readonly grants: readonly Grant[];
  readonly groups: readonly string[];
  readonly sessionId: string;
  readonly csrfToken: string;
};

export type OidcSignIn = {
  /** For "Sign in with <name>". */
  readonly name: string;
  /** Where to send the browser, and the value of the login cookie to set on it. */
  readonly begin: () => Promise<{ location: string; browserBinding: string }>;
  readonly complete: (callback: OidcCallback) => Promise<OidcSignedIn>;
};

export function createOidcSignIn(config: OidcConfig, deps: OidcSignInDeps): OidcSignIn {
  const now = deps.now ?? Date.now;
  const provider = new OidcProvider(config, deps.fetch ?? fetch);
  const pending = new PendingLogins(now);

  const begin = async (): Promise<{ location: string; browserBinding: string }> => {
    const { authorizationEndpoint } = await provider.discover();
    const login = pending.begin();
    const url = new URL(authorizationEndpoint);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', config.clientId);
    url.searchParams.set('redirect_uri', config.redirectUrl);
    url.searchParams.set('scope', config.scopes.join(' '));
    url.searchParams.set('state', login.state);
    url.searchParams.set('nonce', login.nonce);
    url.searchParams.set('code_challenge', pkceChallenge(login.codeVerifier));
    url.searchParams.set('code_challenge_method', 'S256');
    return { location: url.toString(), browserBinding: login.browserBinding };
  };

  const complete = async (callback: OidcCallback): Promise<OidcSignedIn> => {
    if (callback.error !== undefined)
      throw badProof(`the IdP refused the sign-in: ${callback.error.slice(0, 100)}`);
    if (!callback.state || !callback.code)
      throw badProof('the callback has no code or state', 'start again from the sign-in page');
    const login = pending.take(callback.state, callback.browserBinding);
    if (login === undefined) {
      throw badProof(
        'unknown, expired or already used sign-in state, or it was started in another browser',
        'start again from the sign-in page',
      );
    }
    const idToken = await provider.exchangeCode(callback.code, login.codeVerifier);
    const claims = await verifyIdToken(idToken, {
      issuer: config.issuer,
      clientId: config.clientId,
      nonce: login.nonce,
      keyFor: (kid) => provider.keys.keyFor(kid),
      now,
    });
    const user = userNameOf(claims, config.userClaim);
    if (user === undefined)
      throw badProof(`the id_token has no usable ${config.userClaim} claim`, 'check userClaim');
    const groups = groupsOf(claims, config.groupsClaim);
    const grants = grantsForGroups(groups, config.grants);
    if (grants.length === 0) {
      throw new OidcRefusal(
        'forbidden',
        `${user} is in no group that --oidc-config grants a role (groups: ${groups.join(', ') || 'none'})`,
        { who: user, hint: 'ask an admin to add one of your groups to grants in --oidc-config' },
      );
    }
    return { user, grants, groups, ...deps.startSession(user, grants) };
  };

  return { name: config.name, begin, complete };
}
