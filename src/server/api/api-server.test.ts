import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin, createUser, openAuthStore, type AuthStore } from '../../auth/index.js';
import { SqliteRunStore } from '../../store/index.js';
import { buildApiServer } from './api-server.js';
import { offlineApiDeps, signIn as signInTo } from './testing-server.js';

// The server in-process with the real auth over an in-memory database and no cluster: what
// happens before and around the routes (authentication, CSRF, roles, audit, errors, OpenAPI).

describe('buildApiServer', () => {
  let auth: AuthStore;
  let runs: SqliteRunStore;
  let app: ReturnType<typeof buildApiServer>;
  let adminPassword = '';

  beforeAll(async () => {
    runs = new SqliteRunStore(':memory:');
    auth = openAuthStore(':memory:');
    adminPassword = (await bootstrapAdmin(auth.db)) ?? '';
    await createUser(auth.db, 'vera', 'viewer-password-1', [{ role: 'viewer', project: 'shop' }]);
    app = buildApiServer(offlineApiDeps(auth, runs));
  });
  afterAll(async () => {
    await app.close();
    auth.close();
    runs.close();
  });

  const signIn = async (
    username: string,
    password: string,
  ): Promise<{ cookie: string; csrf: string }> => {
    const session = await signInTo(app, username, password);
    expect(session.status).toBe(200);
    return session;
  };

  it.each(['/api/applications', '/api/does/not/exist', '/api'])(
    'answers 401 to an anonymous GET %s',
    async (url) => {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    },
  );

  it('signs in, answers 404 in the one error shape, and refuses mutations without CSRF', async () => {
    const admin = await signIn('admin', adminPassword);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/does/not/exist',
      headers: { cookie: admin.cookie },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } });
    const list = await app.inject({
      method: 'GET',
      url: '/api/applications',
      headers: { cookie: admin.cookie },
    });
    expect(list.json()).toEqual({ items: [], total: 0, nextCursor: null });
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: admin.cookie },
      payload: { name: 'ci' },
    });
    expect(noCsrf.statusCode).toBe(412);
    const made = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { name: 'ci' },
    });
    expect(made.statusCode).toBe(201);
    const { secret } = made.json<{ secret: string }>();
    // A token needs no CSRF header.
    const byToken = await app.inject({
      method: 'GET',
      url: '/api/session',
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(byToken.json()).toMatchObject({ user: 'admin', csrfToken: null });
  });

  it('refuses a viewer the whole audit and records the denial', async () => {
    const vera = await signIn('vera', 'viewer-password-1');
    const denied = await app.inject({
      method: 'GET',
      url: '/api/audit',
      headers: { cookie: vera.cookie },
    });
    expect(denied.statusCode).toBe(403);
    const own = await app.inject({
      method: 'GET',
      url: '/api/audit?project=shop',
      headers: { cookie: vera.cookie },
    });
    expect(own.statusCode).toBe(200);
    const all = await auth.audit.list({ who: 'vera' });
    expect(all).toContainEqual(
      expect.objectContaining({ action: 'audit.list', outcome: 'denied' }),
    );
    expect(all).toContainEqual(
      expect.objectContaining({ action: 'session.signin', outcome: 'allowed' }),
    );
  });

  it('answers a bad body with invalid_input', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_input' } });
  });

  it('publishes every route in /api/openapi.json without sign-in', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths['/api/rollouts/{namespace}/{name}/undo'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/session'] ?? {}).sort()).toEqual(['delete', 'get', 'post']);
  });
});
