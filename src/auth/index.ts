// Who may do what: local users (scrypt passwords), API tokens, browser sessions with CSRF tokens,
// the role policy (viewer < deployer < admin per project) and the audit log, in the store's
// SQLite file. Sign-in through an OIDC IdP lives in ./oidc; its users get a row here without a
// password (startExternalSession).
export type {
  ApiToken,
  AuditEvent,
  AuditLog,
  Authenticator,
  Grant,
  Permission,
  Principal,
  RequestCredentials,
  Role,
  SignIn,
} from './auth-types.js';
export { createAuthenticator, type AuthenticatorOptions } from './authenticator.js';
export { openAuthStore, type AuthStore } from './auth-store.js';
export { SqliteAuditLog } from './audit-log.js';
export { tokenPrefix } from './api-tokens.js';
export { sessionIdleMs } from './sessions.js';
export { externalPasswordMarker, startExternalSession } from './external-users.js';
export {
  createSignInLimiter,
  TooManySignInsError,
  type SignInLimiter,
  type SignInLimiterOptions,
} from './sign-in-limiter.js';
export { actionPermissions, can, csrfOk, mayReadAudit, permissionFor } from './policy.js';
export {
  adminGrants,
  bootstrapAdmin,
  createUser,
  listUsers,
  roles,
  setGrants,
  setPassword,
  validateGrants,
  type UserRecord,
} from './users.js';
