import type { Permission, Principal, Role } from './auth-types.js';
import { constantTimeEqual } from './secrets.js';

const roleRank: Readonly<Record<Role, number>> = { viewer: 1, deployer: 2, admin: 3 };
const permissionRank: Readonly<Record<Permission, number>> = { read: 1, deploy: 2, admin: 3 };

/**
 * Whether the principal may do what needs `permission` in `project`: some grant for that project
 * (or for '*') has a role at least that high. Asking about project '*' (everything) needs a '*'
 * grant. Pure.
 */
export function can(principal: Principal, permission: Permission, project: string): boolean {
  return principal.grants.some(
    (grant) =>
      (grant.project === '*' || grant.project === project) &&
      roleRank[grant.role] >= permissionRank[permission],
  );
}

/** The permission each action in docs/api.md needs; also the `action` recorded in the audit. */
export const actionPermissions: Readonly<Record<string, Permission>> = {
  'session.get': 'read',
  'session.signout': 'read',
  'token.list': 'read',
  'token.create': 'read',
  'token.revoke': 'read',
  'application.list': 'read',
  'application.get': 'read',
  'application.diff': 'read',
  'application.history': 'read',
  'application.sync': 'deploy',
  'application.refresh': 'deploy',
  'application.rollback': 'deploy',
  'application.delete': 'admin',
  'rollout.list': 'read',
  'rollout.get': 'read',
  'rollout.promote': 'deploy',
  'rollout.abort': 'deploy',
  'rollout.retry': 'deploy',
  'rollout.undo': 'deploy',
  'rollout.restart': 'deploy',
  'pipeline.list': 'read',
  'run.list': 'read',
  'run.get': 'read',
  'run.logs': 'read',
  'run.artifact': 'read',
  'run.cancel': 'deploy',
  'run.rerun': 'deploy',
  'preview.list': 'read',
  'preview.delete': 'deploy',
  // Viewers see a project's audit; only admins of '*' see all of it: see mayReadAudit.
  'audit.list': 'read',
  'metrics.delivery': 'read',
  'events.watch': 'read',
  'user.list': 'admin',
  'user.create': 'admin',
  'user.grants': 'admin',
};

/**
 * The permission an action needs. An action missing from the table needs admin, so a route
 * someone forgot to list fails closed rather than open. Pure.
 */
export function permissionFor(action: string): Permission {
  return Object.hasOwn(actionPermissions, action)
    ? (actionPermissions[action] ?? 'admin')
    : 'admin';
}

/**
 * Whether the principal may read the audit of `project`, or all of it when `project` is
 * undefined (that needs admin of '*'). Pure.
 */
export function mayReadAudit(principal: Principal, project: string | undefined): boolean {
  return project === undefined ? can(principal, 'admin', '*') : can(principal, 'read', project);
}

const safeMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The double-submit CSRF check: a session's mutating request must carry its csrfToken in
 * X-CSRF-Token. Token requests skip it (a browser never adds an Authorization header on its
 * own). Compared in constant time. Pure.
 */
export function csrfOk(
  principal: Principal,
  method: string,
  headerValue: string | undefined,
): boolean {
  if (principal.via === 'token') return true;
  if (safeMethods.has(method.toUpperCase())) return true;
  const expected = principal.csrfToken;
  if (expected === undefined || expected === '' || headerValue === undefined) return false;
  return constantTimeEqual(headerValue, expected);
}
