import { describe, expect, it } from 'vitest';
import type { Grant, Permission, Principal } from './auth-types.js';
import { can, csrfOk, mayReadAudit, permissionFor } from './policy.js';

function principal(
  grants: Grant[],
  via: Principal['via'] = 'token',
  csrfToken?: string,
): Principal {
  return { user: 'ann', grants, via, ...(csrfToken === undefined ? {} : { csrfToken }) };
}

describe('can', () => {
  const shopDeployer = principal([
    { role: 'deployer', project: 'shop' },
    { role: 'viewer', project: 'billing' },
  ]);
  it.each<[Permission, string, boolean]>([
    ['read', 'shop', true],
    ['deploy', 'shop', true],
    ['admin', 'shop', false],
    ['read', 'billing', true],
    ['deploy', 'billing', false],
    ['read', 'default', false],
    ['read', '*', false],
  ])('a deployer of shop and viewer of billing: %s in %s → %s', (permission, project, allowed) => {
    expect(can(shopDeployer, permission, project)).toBe(allowed);
  });

  it("'*' grants a role in every project, and only such a grant answers for '*'", () => {
    const viewerEverywhere = principal([{ role: 'viewer', project: '*' }]);
    expect(can(viewerEverywhere, 'read', 'shop')).toBe(true);
    expect(can(viewerEverywhere, 'read', '*')).toBe(true);
    expect(can(viewerEverywhere, 'deploy', 'shop')).toBe(false);
    const admin = principal([{ role: 'admin', project: '*' }]);
    for (const permission of ['read', 'deploy', 'admin'] as const) {
      expect(can(admin, permission, 'anything')).toBe(true);
    }
  });

  it('no grants, no access', () => {
    expect(can(principal([]), 'read', 'default')).toBe(false);
  });
});

describe('permissionFor', () => {
  it.each([
    ['application.get', 'read'],
    ['application.sync', 'deploy'],
    ['application.rollback', 'deploy'],
    ['rollout.promote', 'deploy'],
    ['rollout.undo', 'deploy'],
    ['run.cancel', 'deploy'],
    ['run.logs', 'read'],
    ['user.create', 'admin'],
  ])('%s needs %s', (action, permission) => {
    expect(permissionFor(action)).toBe(permission);
  });

  it('an action missing from the table needs admin (fails closed)', () => {
    expect(permissionFor('rollout.explode')).toBe('admin');
    expect(permissionFor('toString')).toBe('admin');
  });
});

describe('mayReadAudit', () => {
  it('all of it needs admin of *, one project needs read there', () => {
    const viewer = principal([{ role: 'viewer', project: 'shop' }]);
    expect(mayReadAudit(viewer, 'shop')).toBe(true);
    expect(mayReadAudit(viewer, 'billing')).toBe(false);
    expect(mayReadAudit(viewer, undefined)).toBe(false);
    expect(mayReadAudit(principal([{ role: 'admin', project: '*' }]), undefined)).toBe(true);
  });
});

describe('csrfOk', () => {
  const session = principal([{ role: 'admin', project: '*' }], 'session', 'c5rf-secret');
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])(
    'a session %s needs the matching header',
    (method) => {
      expect(csrfOk(session, method, undefined)).toBe(false);
      expect(csrfOk(session, method, 'wrong')).toBe(false);
      expect(csrfOk(session, method, 'c5rf-secre')).toBe(false);
      expect(csrfOk(session, method, '')).toBe(false);
      expect(csrfOk(session, method, 'c5rf-secret')).toBe(true);
    },
  );

  it('reads need no header', () => {
    expect(csrfOk(session, 'GET', undefined)).toBe(true);
    expect(csrfOk(session, 'HEAD', undefined)).toBe(true);
  });

  it('a session without a csrf token never passes a mutating request', () => {
    const broken = principal([{ role: 'admin', project: '*' }], 'session');
    expect(csrfOk(broken, 'POST', '')).toBe(false);
    expect(csrfOk(broken, 'POST', 'anything')).toBe(false);
  });

  it('API tokens skip CSRF', () => {
    expect(csrfOk(principal([]), 'POST', undefined)).toBe(true);
  });
});
