import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { parse } from 'yaml';
import type { AuditLog } from '../auth/index.js';
import type { SlipwayIssuer } from '../identity/index.js';
import {
  openBuiltinSecretStore,
  parseSecretPolicies,
  SecretService,
  secretsRoutes,
  type BuiltinSecretStore,
} from '../secrets/index.js';

export type SecretsOptions = {
  /** The key-encryption key file (SLIPWAY_SECRETS_KEK_FILE); the secrets API is off without it. */
  readonly kekFile: string;
  /** A YAML list of access policies (docs/secrets.md); none means nobody may read. */
  readonly policiesFile?: string;
  readonly databaseFile: string;
};

/**
 * The secrets API of `slipway up`: the built-in store under the KEK, the access policies, and
 * the route app pods call with the access token Slipway's token endpoint gave their identity.
 */
export function secretsPlugin(
  options: SecretsOptions,
  issuer: SlipwayIssuer,
  audit: AuditLog,
): { plugin: FastifyPluginAsync; store: BuiltinSecretStore } {
  const store = openBuiltinSecretStore({
    kekFile: options.kekFile,
    databaseFile: options.databaseFile,
  });
  const policies =
    options.policiesFile === undefined
      ? []
      : parseSecretPolicies(
          parse(readFileSync(options.policiesFile, 'utf8')) as unknown,
          options.policiesFile,
        );
  const service = new SecretService({
    providerFor: (project) => store.provider(project),
    policies,
    audit,
  });
  const verifyIdentity = (token: string): string | undefined => {
    try {
      const sub = issuer.verifyAccessToken(token, { audience: 'slipway' })['sub'];
      return typeof sub === 'string' ? sub : undefined;
    } catch {
      return undefined;
    }
  };
  return { plugin: secretsRoutes(service, verifyIdentity), store };
}
