import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { globMatches } from '../secrets/access/index.js';
import type { RequestedScope } from './registry-scope.js';

// "Identity X may pull (or push) repositories matching Y": a list of grants, nothing denied
// explicitly; no matching policy means no access. The same shape and glob as the secret access
// policies (src/secrets/access/), over repositories instead of secrets.

export const registryActions = ['pull', 'push', 'delete'] as const;
export type RegistryAction = (typeof registryActions)[number];

/** Who asks when no credential is sent; only a policy naming it exactly grants it anything. */
export const anonymousPrincipal = 'anonymous';

export type RegistryPolicy = {
  /**
   * Glob over the caller: `system:serviceaccount:<namespace>:<name>`, `pipeline:<repo>:<name>`,
   * `user:<name>`, or `anonymous` (matched literally, never by a wildcard).
   */
  readonly identity: string;
  /** Glob over repository names, e.g. `shop/*` (`*` crosses `/`). */
  readonly repositories: string;
  readonly actions: readonly RegistryAction[];
};

export const registryPolicySchema = z
  .object({
    identity: z.string().min(1).max(256),
    repositories: z.string().min(1).max(256),
    actions: z.array(z.enum(registryActions)).min(1),
  })
  .strict();

/** Checks policies read from a file; `source` names the file in the message. */
export function parseRegistryPolicies(input: unknown, source: string): RegistryPolicy[] {
  // An empty file parses to null: it grants nothing, which is a valid (if closed) policy.
  const parsed = z.array(registryPolicySchema).safeParse(input ?? []);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new InputError(
    `${source}: registry policy field ${field || '(root)'}: ${issue?.message ?? 'invalid'}`,
    {
      hint: 'each policy is {identity, repositories, actions: ["pull" | "push" | "delete"]}',
    },
  );
}

// distribution's repository name grammar: lowercase path components joined by "/", each made of
// alphanumerics joined by ".", "_", "__" or dashes. Anything else is granted nothing.
const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const repositoryName = new RegExp(`^${component}(?:/${component})*$`);

export function isRepositoryName(name: string): boolean {
  return name.length <= 255 && repositoryName.test(name);
}

const identityMatches = (pattern: string, principal: string): boolean =>
  principal === anonymousPrincipal
    ? pattern === anonymousPrincipal
    : globMatches(pattern, principal);

/** The actions any policy gives `principal` on `repository`. Pure. */
export function allowedActions(
  policies: readonly RegistryPolicy[],
  principal: string,
  repository: string,
): Set<RegistryAction> {
  const allowed = new Set<RegistryAction>();
  if (!isRepositoryName(repository)) return allowed;
  for (const policy of policies) {
    if (!identityMatches(policy.identity, principal)) continue;
    if (!globMatches(policy.repositories, repository)) continue;
    for (const action of policy.actions) allowed.add(action);
  }
  return allowed;
}

export type ScopeDecision = {
  readonly scope: RequestedScope;
  /** What goes into the token's `access` claim for this resource. */
  readonly granted: readonly RegistryAction[];
  /** What was asked and refused (unknown actions included, as asked). */
  readonly denied: readonly string[];
};

const isRegistryAction = (action: string): action is RegistryAction =>
  (registryActions as readonly string[]).includes(action);

/**
 * Decides each requested scope: repository scopes get the asked actions policies allow ("*"
 * asks for all three); other resource types (`registry:catalog:*`) get nothing. Pure.
 */
export function decideScopes(
  policies: readonly RegistryPolicy[],
  principal: string,
  scopes: readonly RequestedScope[],
): ScopeDecision[] {
  return scopes.map((scope) => {
    const asked = scope.actions.flatMap((a) => (a === '*' ? [...registryActions] : [a]));
    const allowed =
      scope.type === 'repository'
        ? allowedActions(policies, principal, scope.name)
        : new Set<RegistryAction>();
    const granted = registryActions.filter((a) => asked.includes(a) && allowed.has(a));
    const denied = [...new Set(asked)].filter((a) => !isRegistryAction(a) || !allowed.has(a));
    return { scope, granted, denied };
  });
}
