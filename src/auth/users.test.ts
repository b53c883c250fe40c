import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Grant } from './auth-types.js';
import { openAuthStore, type AuthStore } from './auth-store.js';
import { createUser, listUsers, setGrants, setPassword, validateGrants } from './users.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function open(): AuthStore {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-users-'));
  const store = openAuthStore(join(dir, 'slipway.db'));
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}

describe('users', () => {
  it('creates, lists and re-grants users', async () => {
    const store = open();
    await createUser(store.db, 'bob', 'bob-password-1', [{ role: 'viewer', project: '*' }]);
    await createUser(store.db, 'ann', 'ann-password-1', [{ role: 'deployer', project: 'shop' }]);
    setGrants(store.db, 'bob', [{ role: 'admin', project: 'billing' }]);
    expect(listUsers(store.db).map((u) => [u.name, u.grants])).toEqual([
      ['ann', [{ role: 'deployer', project: 'shop' }]],
      ['bob', [{ role: 'admin', project: 'billing' }]],
    ]);
  });

  it('refuses a duplicate, a bad name, a short password and an unknown user', async () => {
    const store = open();
    await createUser(store.db, 'ann', 'ann-password-1', []);
    await expect(createUser(store.db, 'ann', 'ann-password-2', [])).rejects.toThrow(
      'user "ann" exists already',
    );
    await expect(createUser(store.db, 'a b', 'ann-password-2', [])).rejects.toThrow(
      'user name "a b" is not allowed',
    );
    await expect(createUser(store.db, 'cy', 'short', [])).rejects.toThrow(/too short/);
    expect(() => setGrants(store.db, 'ghost', [])).toThrow('there is no user "ghost"');
  });

  it('a new password ends the user’s sessions', async () => {
    const store = open();
    await createUser(store.db, 'ann', 'ann-password-1', []);
    const signedIn = await store.authenticator.signIn('ann', 'ann-password-1');
    await setPassword(store.db, 'ann', 'ann-password-2');
    expect(await store.authenticator.identify({ sessionCookie: signedIn?.sessionId })).toBe(
      undefined,
    );
    expect(await store.authenticator.signIn('ann', 'ann-password-1')).toBeUndefined();
    expect(await store.authenticator.signIn('ann', 'ann-password-2')).toBeDefined();
  });

  it.each<[unknown, RegExp]>([
    [{ role: 'owner', project: 'shop' }, /role "owner" is not a Slipway role/],
    [{ role: 'viewer', project: '' }, /project is empty/],
  ])('rejects the grant %j', (grant, message) => {
    expect(() => validateGrants([grant as Grant])).toThrow(message);
  });
});
