// Optional sign-in through an OpenID Connect IdP (authorization code flow with PKCE): the
// `--oidc-config` file, the IdP's discovery, token endpoint and keys, id_token checks, and the
// mapping of the IdP's groups to Slipway grants. Sessions are Slipway's own (src/auth/sessions).
export { createOidcSignIn } from './oidc-sign-in.js';
export type { OidcCallback, OidcSignedIn, OidcSignIn, OidcSignInDeps } from './oidc-sign-in.js';
export { loadOidcConfig, parseOidcConfig } from './oidc-config.js';
export type { OidcConfig, OidcGroupGrant } from './oidc-config.js';
export { OidcRefusal } from './oidc-refusal.js';
export { grantsForGroups, groupsOf, userNameOf } from './grant-mapping.js';
export { verifyIdToken, type IdTokenCheck } from './id-token.js';
export { PendingLogins, pendingLoginTtlMs, pkceChallenge } from './pending-logins.js';
