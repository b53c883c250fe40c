import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin, createUser, openAuthStore, type AuthStore } from '../../auth/index.js';
import type { PreviewFilter, PreviewOutcome, PreviewRecord } from '../../preview/index.js';
import { previewRecord } from '../../preview/testing-record.js';
import { SqliteRunStore } from '../../store/index.js';
import { buildApiServer } from './api-server.js';
import { offlineApiDeps, signIn as signInTo } from './testing-server.js';

// GET /api/previews and DELETE /api/previews/:app/:pr in-process, with the real auth and audit
// and a preview manager that only remembers what it was asked.

class FakePreviews {
  readonly deleted: { app: string; pr: number; why: string; repo: string }[] = [];
  constructor(readonly records: PreviewRecord[]) {}

  list(filter: PreviewFilter = {}): PreviewRecord[] {
    return this.records.filter(
      (r) =>
        (filter.app === undefined || r.app === filter.app) &&
        (filter.pr === undefined || r.pr === filter.pr),
    );
  }

  deletePreview(app: string, pr: number, why: string, repo = ''): Promise<PreviewOutcome> {
    this.deleted.push({ app, pr, why, repo });
    return Promise.resolve({ app, pr, action: 'delete', reason: why });
  }
}

describe('preview routes', () => {
  let auth: AuthStore;
  let runs: SqliteRunStore;
  let app: ReturnType<typeof buildApiServer>;
  let adminPassword = '';
  const previews = new FakePreviews([
    previewRecord(),
    previewRecord({ pr: 7, app: 'dog-app', namespace: 'pr-7-dog-app', url: undefined }),
  ]);

  beforeAll(async () => {
    runs = new SqliteRunStore(':memory:');
    auth = openAuthStore(':memory:');
    adminPassword = (await bootstrapAdmin(auth.db)) ?? '';
    await createUser(auth.db, 'vera', 'viewer-password-1', [{ role: 'viewer', project: 'pets' }]);
    app = buildApiServer(
      offlineApiDeps(auth, runs, {
        previews: {
          manager: previews,
          projectOf: (name) => (name === 'cat-app' ? 'pets' : 'default'),
        },
      }),
    );
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

  it('lists only the previews of projects one may read', async () => {
    const vera = await signIn('vera', 'viewer-password-1');
    const res = await app.inject({
      method: 'GET',
      url: '/api/previews',
      headers: { cookie: vera.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      items: [
        expect.objectContaining({
          pr: 12,
          app: 'cat-app',
          project: 'pets',
          namespace: 'pr-12-cat-app',
          url: 'http://127.0.0.1:30080/',
          status: 'Ready',
          expiresAt: previewRecord().expiresAt,
        }),
      ],
    });
  });

  it('refuses a viewer the deletion, and audits the refusal', async () => {
    const vera = await signIn('vera', 'viewer-password-1');
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/previews/cat-app/12',
      headers: { cookie: vera.cookie, 'x-csrf-token': vera.csrf },
    });
    expect(res.statusCode).toBe(403);
    expect(previews.deleted).toEqual([]);
    const audit = await auth.audit.list({ who: 'vera' });
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'preview.delete', outcome: 'denied' }),
    );
  });

  it('deletes a preview for a deployer, answers 202 and audits it', async () => {
    const admin = await signIn('admin', adminPassword);
    const res = await app.inject({
      method: 'DELETE',
      url: '/api/previews/cat-app/12',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: true });
    expect(previews.deleted).toEqual([
      { app: 'cat-app', pr: 12, why: 'deleted by admin', repo: previewRecord().repo },
    ]);
    const audit = await auth.audit.list({ who: 'admin' });
    expect(audit[0]).toMatchObject({
      action: 'preview.delete',
      target: 'preview cat-app #12',
      project: 'pets',
      outcome: 'allowed',
    });
  });

  it.each([
    ['/api/previews/bird-app/3', 404],
    ['/api/previews/cat-app/x', 400],
  ])('answers DELETE %s with %i', async (url, status) => {
    const admin = await signIn('admin', adminPassword);
    const res = await app.inject({
      method: 'DELETE',
      url,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    });
    expect(res.statusCode).toBe(status);
  });
});
