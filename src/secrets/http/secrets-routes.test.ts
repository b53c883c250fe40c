import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { request as httpRequest } from 'node:http';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAuditLog } from '../../auth/audit-log.js';
import type { AuditEvent, AuditLog } from '../../auth/auth-types.js';
import type { SecretPolicy } from '../access/access-policy.js';
import { SecretService } from '../access/secret-service.js';
import {
  openBuiltinSecretStore,
  type BuiltinSecretStore,
} from '../builtin/builtin-secret-store.js';
import { createKek } from '../builtin/kek.js';
import { bearerToken, secretsRouteMaxParamLength, secretsRoutes } from './secrets-routes.js';

const canary = 'pg://app:CANARY_c0ffee_pw@db:5432/shop';
const tokens: Record<string, string> = {
  'web-token': 'system:serviceaccount:shop:web',
  'worker-token': 'system:serviceaccount:shop:worker',
  'admin-token': 'system:serviceaccount:ops:admin',
};
const policies: SecretPolicy[] = [
  {
    identity: 'system:serviceaccount:shop:web',
    secrets: 'db-*',
    project: 'shop',
    permissions: ['read'],
  },
  { identity: 'system:serviceaccount:ops:*', secrets: '*', project: '*', permissions: ['read'] },
];

let store: BuiltinSecretStore;
let audit: SqliteAuditLog;
const makeApp = (sink: Writable) =>
  Fastify({
    loggerInstance: pino({ level: 'trace' }, sink),
    maxParamLength: secretsRouteMaxParamLength,
  });
let app: ReturnType<typeof makeApp>;
let base: string;
let logs: string;

beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-secrets-http-'));
  const kekFile = join(dir, 'kek');
  createKek(kekFile);
  store = openBuiltinSecretStore({ databaseFile: join(dir, 'slipway.db'), kekFile });
  audit = new SqliteAuditLog(store.db);
  const shop = store.provider('shop');
  await shop.set('db-url', 'old');
  await shop.set('db-url', canary);
  await shop.set('stripe-key', canary);
  await shop.set('db-gone', canary);
  await shop.delete('db-gone');
  const service = new SecretService({
    providerFor: (project) => (project === 'shop' ? shop : undefined),
    policies,
    audit,
  });
  logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done): void {
      logs += chunk.toString();
      done();
    },
  });
  app = makeApp(sink);
  await app.register(secretsRoutes(service, (token) => tokens[token]));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterEach(async () => {
  await app.close();
  store.close();
});

const get = async (
  path: string,
  token?: string,
): Promise<{ status: number; body: Record<string, string>; text: string; headers: Headers }> => {
  const response = await fetch(`${base}${path}`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, string>,
    text,
    headers: response.headers,
  };
};

const rawStatus = (path: string, token: string): Promise<number | undefined> =>
  new Promise((resolve, reject) => {
    const url = new URL(base);
    const sent = httpRequest(
      { host: url.hostname, port: url.port, path, headers: { authorization: `Bearer ${token}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      },
    );
    sent.on('error', reject);
    sent.end();
  });

describe('GET /api/secrets/:project/:name', () => {
  it('answers an allowed identity with the newest value, uncached, and audits the read', async () => {
    const answer = await get('/api/secrets/shop/db-url', 'web-token');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ name: 'db-url', version: '2', value: canary });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const [event] = await audit.list({ project: 'shop' });
    expect(event).toMatchObject({
      who: 'system:serviceaccount:shop:web',
      action: 'secret.read',
      target: 'Secret shop/db-url',
      outcome: 'allowed',
      detail: 'version 2',
      from: '127.0.0.1',
    });
  });

  it('reads a given version', async () => {
    const answer = await get('/api/secrets/shop/db-url?version=1', 'web-token');
    expect(answer.body).toMatchObject({ version: '1', value: 'old' });
  });

  it.each<[string | undefined, string]>([
    [undefined, 'no token'],
    ['not-a-known-token', 'a token that does not verify'],
  ])('is 401 with %s (%s) and records nothing', async (token) => {
    const answer = await get('/api/secrets/shop/db-url', token);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(await audit.list({})).toEqual([]);
  });

  it.each([
    ['a secret outside the policy', '/api/secrets/shop/stripe-key', 'web-token'],
    ['another identity', '/api/secrets/shop/db-url', 'worker-token'],
    ['another project', '/api/secrets/bank/db-url', 'web-token'],
  ])('is 403 for %s, and the denial is audited', async (_case, path, token) => {
    const answer = await get(path, token);
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain('CANARY');
    const [event] = await audit.list({});
    expect(event).toMatchObject({ action: 'secret.read', outcome: 'denied' });
  });

  it('is 403, not 404, for a secret that does not exist but is not allowed either', async () => {
    expect((await get('/api/secrets/shop/no-such', 'web-token')).status).toBe(403);
  });

  it('is 404 for a missing secret, a soft-deleted one, or a project without a store', async () => {
    expect((await get('/api/secrets/shop/db-missing', 'web-token')).status).toBe(404);
    const gone = await get('/api/secrets/shop/db-gone', 'web-token');
    expect(gone.status).toBe(404);
    expect(gone.body['message']).toBe('secret db-gone is deleted');
    expect((await get('/api/secrets/bank/anything', 'admin-token')).status).toBe(404);
    const events = await audit.list({});
    expect(events.map((e) => e.outcome)).toEqual(['failed', 'failed', 'failed']);
  });

  it('turns away path tricks: denied by policy, or refused by name checks', async () => {
    const trick = '/api/secrets/shop/db-%2E%2E%2F%2E%2E%2Fstripe-key';
    expect((await get(trick, 'web-token')).status).toBe(400);
    const up = await get('/api/secrets/shop/%2E%2E%2Fbank%2Fdb-url', 'admin-token');
    expect(up.status).toBe(400);
    expect(up.body['message']).toMatch(/^name .* is not a valid secret name$/);
    // fetch would resolve "%2E%2E" as "..", so this one goes out exactly as written.
    expect(await rawStatus('/api/secrets/%2E%2E/db-url', 'admin-token')).toBe(400);
    expect(await rawStatus('/api/secrets/shop/%2E%2E', 'admin-token')).toBe(400);
    const long = await get(`/api/secrets/shop/${'a'.repeat(129)}`, 'admin-token');
    expect(long.status).toBe(400);
    expect(long.body['message']).toContain('(129 characters)');
    expect((await get(`/api/secrets/shop/${'a'.repeat(128)}`, 'admin-token')).status).toBe(404);
    const huge = await get(`/api/secrets/shop/${'a'.repeat(5000)}`, 'admin-token');
    // Fastify's own router refuses it (its answer echoes the URL: a name, never a value).
    expect(huge.status).toBe(414);
  });

  it('keeps the value out of logs, audit records and error answers', async () => {
    const answers = await Promise.all([
      get('/api/secrets/shop/db-url', 'web-token'),
      get('/api/secrets/shop/stripe-key', 'web-token'),
      get('/api/secrets/shop/db-gone', 'admin-token'),
      get('/api/secrets/shop/stripe-key', 'admin-token'),
      get('/api/secrets/shop/db-url', undefined),
    ]);
    expect(answers.filter((a) => a.text.includes('CANARY'))).toHaveLength(2);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain('CANARY');
    const rows = JSON.stringify(store.db.prepare('SELECT * FROM audit').all());
    expect(rows).toContain('secret.read');
    expect(rows).not.toContain('CANARY');
  });
});

describe('SecretService', () => {
  it('does not hand out a value whose read could not be audited', async () => {
    const failing: AuditLog = {
      record: (event: AuditEvent) =>
        event.outcome === 'allowed' ? Promise.reject(new Error('disk full')) : Promise.resolve(),
      list: () => Promise.resolve([]),
    };
    const service = new SecretService({
      providerFor: () => store.provider('shop'),
      policies: () => policies,
      audit: failing,
    });
    await expect(
      service.read({
        identity: 'system:serviceaccount:shop:web',
        project: 'shop',
        name: 'db-url',
        from: 'x',
      }),
    ).rejects.toThrow('disk full');
  });

  it('audits writes and denies them without a write policy', async () => {
    const service = new SecretService({
      providerFor: () => store.provider('shop'),
      policies,
      audit,
    });
    const request = {
      identity: 'system:serviceaccount:shop:web',
      project: 'shop',
      name: 'db-url',
      from: 'x',
    };
    await expect(service.write({ ...request, value: canary })).rejects.toThrow(/may not write/);
    const [event] = await audit.list({});
    expect(event).toMatchObject({ action: 'secret.write', outcome: 'denied' });
    expect(JSON.stringify(event)).not.toContain('CANARY');
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
