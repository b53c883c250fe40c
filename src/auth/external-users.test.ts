import { describe, expect, it } from 'vitest';
import { openAuthStore } from './auth-store.js';
import { externalPasswordMarker, startExternalSession } from './external-users.js';
import { createUser, findUser } from './users.js';

describe('startExternalSession', () => {
  it('creates a user without a password and a session carrying the grants', async () => {
    const auth = openAuthStore(':memory:');
    const { sessionId } = startExternalSession(
      auth.db,
      'oidc:alice',
      [{ role: 'viewer', project: 'shop' }],
      new Date(),
    );
    const principal = await auth.authenticator.identify({ sessionCookie: sessionId });
    expect(principal).toMatchObject({
      user: 'oidc:alice',
      grants: [{ role: 'viewer', project: 'shop' }],
    });
    expect(findUser(auth.db, 'oidc:alice')?.passwordHash).toBe(externalPasswordMarker);
    // No password opens an external user's account.
    await expect(
      auth.authenticator.signIn('oidc:alice', externalPasswordMarker),
    ).resolves.toBeUndefined();
    auth.close();
  });

  it('replaces the grants at the next sign-in (the IdP groups are the truth)', async () => {
    const auth = openAuthStore(':memory:');
    startExternalSession(auth.db, 'oidc:bob', [{ role: 'admin', project: '*' }], new Date());
    const { sessionId } = startExternalSession(
      auth.db,
      'oidc:bob',
      [{ role: 'viewer', project: '*' }],
      new Date(),
    );
    const principal = await auth.authenticator.identify({ sessionCookie: sessionId });
    expect(principal?.grants).toEqual([{ role: 'viewer', project: '*' }]);
    auth.close();
  });

  it('refuses the name of a local user', async () => {
    const auth = openAuthStore(':memory:');
    await createUser(auth.db, 'carol', 'a-long-password-1', [{ role: 'viewer', project: '*' }]);
    expect(() => startExternalSession(auth.db, 'carol', [], new Date())).toThrow(/local user/);
    auth.close();
  });
});
