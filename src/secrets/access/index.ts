// Who may read or write which secrets in which project, and the audited service that enforces it.
export {
  allowed,
  parseSecretPolicies,
  secretPermissions,
  secretPolicySchema,
  type SecretPermission,
  type SecretPolicy,
} from './access-policy.js';
export { globMatches } from './glob.js';
export { SecretService, type SecretRequest, type SecretServiceOptions } from './secret-service.js';
