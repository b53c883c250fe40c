import { z } from 'zod';
import { InputError } from '../../errors/index.js';
import { globMatches } from './glob.js';

// "Identity X may read secrets matching Y in project Z": a list of grants, nothing denied
// explicitly; no matching policy means no access.

export const secretPermissions = ['read', 'write'] as const;
export type SecretPermission = (typeof secretPermissions)[number];

export type SecretPolicy = {
  /** Glob over the caller's identity, e.g. "system:serviceaccount:shop:*". */
  readonly identity: string;
  /** Glob over secret names, e.g. "db-*". */
  readonly secrets: string;
  /** A project name, or "*" for every project. */
  readonly project: string;
  readonly permissions: readonly SecretPermission[];
};

export const secretPolicySchema = z
  .object({
    identity: z.string().min(1).max(256),
    secrets: z.string().min(1).max(256),
    project: z.string().regex(/^(\*|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)$/, 'a project name or "*"'),
    permissions: z.array(z.enum(secretPermissions)).min(1),
  })
  .strict();

/** Checks policies read from a file or request; `source` names where they came from. */
export function parseSecretPolicies(input: unknown, source: string): SecretPolicy[] {
  const parsed = z.array(secretPolicySchema).safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new InputError(
    `${source}: secret policy field ${field || '(root)'}: ${issue?.message ?? 'invalid'}`,
    {
      hint: 'each policy is {identity, secrets, project, permissions: ["read" | "write"]}',
    },
  );
}

/** Whether any policy lets `identity` have `permission` on `secretName` in `project`. Pure. */
export function allowed(
  policies: readonly SecretPolicy[],
  identity: string,
  secretName: string,
  project: string,
  permission: SecretPermission,
): boolean {
  return policies.some(
    (policy) =>
      policy.permissions.includes(permission) &&
      (policy.project === '*' || policy.project === project) &&
      globMatches(policy.identity, identity) &&
      globMatches(policy.secrets, secretName),
  );
}
