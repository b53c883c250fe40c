import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuthStore, type AuthStore } from './auth-store.js';
import { csrfOk } from './policy.js';
import { TooManySignInsError } from './sign-in-limiter.js';
import { bootstrapAdmin, createUser, setGrants } from './users.js';

const dirs: string[] = [];
const stores: AuthStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function clock(start = '2026-03-01T09:00:00.000Z') {
  let at = Date.parse(start);
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

function open(time = clock()): { store: AuthStore; file: string; time: ReturnType<typeof clock> } {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-auth-'));
  dirs.push(dir);
  const file = join(dir, 'state', 'slipway.db');
  const store = openAuthStore(file, { now: time.now });
  stores.push(store);
  return { store, file, time };
}

const hour = 60 * 60 * 1000;

describe('sign-in', () => {
  it('bootstraps admin once, with a 20-character password that signs in as admin of *', async () => {
    const { store } = open();
    const password = await bootstrapAdmin(store.db);
    expect(password).toHaveLength(20);
    expect(await bootstrapAdmin(store.db)).toBeUndefined();
    const signedIn = await store.authenticator.signIn('admin', password ?? '');
    expect(signedIn?.principal).toMatchObject({
      user: 'admin',
      via: 'session',
      grants: [{ role: 'admin', project: '*' }],
    });
    expect(signedIn?.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(signedIn?.sessionId).toMatch(/^[\w-]{43}$/);
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const { store } = open();
    await createUser(store.db, 'ann', 'ann-password-1', [{ role: 'viewer', project: 'shop' }]);
    expect(await store.authenticator.signIn('ann', 'not-her-password')).toBeUndefined();
    expect(await store.authenticator.signIn('nobody', 'ann-password-1')).toBeUndefined();
    expect(await store.authenticator.signIn('ann', 'ann-password-1')).toBeDefined();
  });

  it('refuses sign-in after 10 failures in 5 minutes, even with the right password', async () => {
    const { store, time } = open();
    await createUser(store.db, 'ann', 'ann-password-1', [{ role: 'viewer', project: 'shop' }]);
    for (let i = 0; i < 10; i++) {
      expect(await store.authenticator.signIn('ann', `guess-${i}`)).toBeUndefined();
    }
    await expect(store.authenticator.signIn('ann', 'ann-password-1')).rejects.toThrow(
      TooManySignInsError,
    );
    time.advance(5 * 60 * 1000);
    expect(await store.authenticator.signIn('ann', 'ann-password-1')).toBeDefined();
  }, 20_000);

  it('never keeps the password, a token or a session id in clear in the DB files', async () => {
    const { store, file } = open();
    const password = (await bootstrapAdmin(store.db)) ?? '';
    await createUser(store.db, 'ann', 'ann-password-1', []);
    const signedIn = await store.authenticator.signIn('admin', password);
    const { secret } = await store.authenticator.createToken('admin', 'ci');
    const bytes = (): string =>
      [file, `${file}-wal`]
        .filter((f) => existsSync(f))
        .map((f) => readFileSync(f).toString('latin1'))
        .join('');
    for (const text of [bytes(), (store.close(), bytes())]) {
      expect(text).toContain('scrypt$32768$8$1$');
      expect(text).not.toContain(password);
      expect(text).not.toContain('ann-password-1');
      expect(text).not.toContain(secret);
      expect(text).not.toContain(signedIn?.sessionId);
    }
    stores.splice(0);
  });
});

describe('sessions', () => {
  it('identifies the cookie until 12 h without use, then forgets it', async () => {
    const { store, time } = open();
    await createUser(store.db, 'ann', 'ann-password-1', [{ role: 'deployer', project: 'shop' }]);
    const signedIn = await store.authenticator.signIn('ann', 'ann-password-1');
    const cookie = { sessionCookie: signedIn?.sessionId };
    time.advance(11 * hour);
    expect(await store.authenticator.identify(cookie)).toMatchObject({
      user: 'ann',
      via: 'session',
      csrfToken: signedIn?.csrfToken,
      grants: [{ role: 'deployer', project: 'shop' }],
    });
    // Use renews it: 11 h more is still within 12 h of the last request.
    time.advance(11 * hour);
    expect(await store.authenticator.identify(cookie)).toBeDefined();
    time.advance(12 * hour);
    expect(await store.authenticator.identify(cookie)).toBeUndefined();
  });

  it('signing out ends the session; an unknown cookie is nobody', async () => {
    const { store } = open();
    await createUser(store.db, 'ann', 'ann-password-1', []);
    const signedIn = await store.authenticator.signIn('ann', 'ann-password-1');
    await store.authenticator.signOut(signedIn?.sessionId ?? '');
    expect(await store.authenticator.identify({ sessionCookie: signedIn?.sessionId })).toBe(
      undefined,
    );
    expect(await store.authenticator.identify({ sessionCookie: 'made-up' })).toBeUndefined();
    expect(await store.authenticator.identify({})).toBeUndefined();
  });

  it('a session POST needs its own CSRF token; another session’s does not do', async () => {
    const { store } = open();
    await createUser(store.db, 'ann', 'ann-password-1', []);
    const first = await store.authenticator.signIn('ann', 'ann-password-1');
    const second = await store.authenticator.signIn('ann', 'ann-password-1');
    const principal = await store.authenticator.identify({ sessionCookie: first?.sessionId });
    if (principal === undefined) throw new Error('not identified');
    expect(csrfOk(principal, 'POST', undefined)).toBe(false);
    expect(csrfOk(principal, 'POST', second?.csrfToken)).toBe(false);
    expect(csrfOk(principal, 'POST', first?.csrfToken)).toBe(true);
  });
});

describe('API tokens', () => {
  it('a Bearer token is its user, carries their current grants and skips CSRF', async () => {
    const { store } = open();
    await createUser(store.db, 'ci', 'ci-password-12', [{ role: 'deployer', project: 'shop' }]);
    const { token, secret } = await store.authenticator.createToken('ci', 'github actions');
    expect(secret).toMatch(/^slw_[\w-]{43}$/);
    expect(token).toMatchObject({ user: 'ci', name: 'github actions' });
    const principal = await store.authenticator.identify({ authorization: `Bearer ${secret}` });
    expect(principal).toMatchObject({ user: 'ci', via: 'token' });
    expect(principal && csrfOk(principal, 'POST', undefined)).toBe(true);
    setGrants(store.db, 'ci', [{ role: 'viewer', project: '*' }]);
    expect(
      (await store.authenticator.identify({ authorization: `bearer ${secret}` }))?.grants,
    ).toEqual([{ role: 'viewer', project: '*' }]);
  });

  it('a revoked token, a wrong one or another scheme is nobody, whatever cookie rides along', async () => {
    const { store } = open();
    await createUser(store.db, 'ann', 'ann-password-1', []);
    const session = await store.authenticator.signIn('ann', 'ann-password-1');
    const { token, secret } = await store.authenticator.createToken('ann', 'laptop');
    expect(await store.authenticator.revokeToken('bob', token.id)).toBe(false);
    expect(await store.authenticator.revokeToken('ann', token.id)).toBe(true);
    expect(await store.authenticator.revokeToken('ann', token.id)).toBe(false);
    for (const authorization of [`Bearer ${secret}`, 'Bearer slw_nope', `Basic ${secret}`]) {
      expect(
        await store.authenticator.identify({ authorization, sessionCookie: session?.sessionId }),
      ).toBeUndefined();
    }
  });

  it('lists a user’s own tokens, with lastUsedAt written at most once a minute', async () => {
    const { store, time } = open();
    await createUser(store.db, 'ann', 'ann-password-1', []);
    await createUser(store.db, 'bob', 'bob-password-1', []);
    const { secret } = await store.authenticator.createToken('ann', 'laptop');
    await store.authenticator.createToken('bob', 'desk');
    expect((await store.authenticator.listTokens('ann'))[0]?.lastUsedAt).toBeUndefined();
    const auth = { authorization: `Bearer ${secret}` };
    await store.authenticator.identify(auth);
    const first = time.now().toISOString();
    time.advance(30_000);
    await store.authenticator.identify(auth);
    const listed = await store.authenticator.listTokens('ann');
    expect(listed.map((t) => [t.name, t.lastUsedAt])).toEqual([['laptop', first]]);
    time.advance(31_000);
    await store.authenticator.identify(auth);
    expect((await store.authenticator.listTokens('ann'))[0]?.lastUsedAt).toBe(
      time.now().toISOString(),
    );
  });

  it('refuses a token for an unknown user or without a name', async () => {
    const { store } = open();
    await expect(store.authenticator.createToken('ghost', 'x')).rejects.toThrow(/no user "ghost"/);
    await createUser(store.db, 'ann', 'ann-password-1', []);
    await expect(store.authenticator.createToken('ann', '  ')).rejects.toThrow(/token name/);
  });
});
