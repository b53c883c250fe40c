import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../errors/index.js';
import { roles } from '../users.js';

// The `--oidc-config` file: which issuer to trust, as which client, and which of its groups get
// which Slipway roles. Slipway never stores the IdP's users; a group mapping is the only way in.

const grantSchema = z.object({
  group: z.string().min(1),
  role: z.enum(roles as [string, ...string[]]),
  project: z.string().min(1).default('*'),
});

const configSchema = z.object({
  /** Shown on the sign-in button: "Sign in with <name>". */
  name: z.string().min(1).default('SSO'),
  issuer: z.string().url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  redirectUrl: z.string().url(),
  scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'groups']),
  groupsClaim: z.string().min(1).default('groups'),
  /** 'sub' (default, stable) or 'email' (must be verified); the user is `oidc:<value>`. */
  userClaim: z.enum(['sub', 'email']).default('sub'),
  grants: z.array(grantSchema).min(1),
});

export type OidcGroupGrant = {
  readonly group: string;
  readonly role: 'viewer' | 'deployer' | 'admin';
  readonly project: string;
};

export type OidcConfig = {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly redirectUrl: string;
  readonly scopes: readonly string[];
  readonly groupsClaim: string;
  readonly userClaim: 'sub' | 'email';
  readonly grants: readonly OidcGroupGrant[];
};

const hint =
  'write it as `issuer:`, `clientId:`, `redirectUrl:` (…/api/session/oidc/callback) and `grants: [{group: devs, role: deployer, project: "*"}]`';

/** Checks a parsed config; `file` names it in errors. Pure. */
export function parseOidcConfig(text: string, file: string): OidcConfig {
  let value: unknown;
  try {
    value = parse(text);
  } catch (cause) {
    throw new InputError(`--oidc-config ${file} is not YAML`, { hint, cause });
  }
  const result = configSchema.safeParse(value ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`,
    );
    throw new InputError(`--oidc-config ${file}: ${problems.join('; ')}`, { hint });
  }
  const { clientSecret, grants, ...rest } = result.data;
  if (!rest.scopes.includes('openid')) {
    throw new InputError(`--oidc-config ${file}: scopes must include "openid"`, { hint });
  }
  return {
    ...rest,
    grants: grants as OidcGroupGrant[],
    ...(clientSecret === undefined ? {} : { clientSecret }),
  };
}

/** Reads and checks the `--oidc-config` file. */
export async function loadOidcConfig(file: string): Promise<OidcConfig> {
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new InputError(`--oidc-config: cannot read ${file}`, { hint, cause });
  });
  return parseOidcConfig(text, file);
}
