/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any -- the test reads JSON answers loosely, as a client would */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createUser, openAuthStore } from '../../src/auth/index.js';
import { applicationApiVersion } from '../../src/kube/index.js';
import { installSlipway } from '../../src/gitops/index.js';
import { KubeRest, ObjectClient } from '../../src/kube/index.js';
import { createKek, openBuiltinSecretStore } from '../../src/secrets/index.js';
import { startSlipway, type RunningSlipway } from '../../src/server/up.js';
import { kubectl, useNamespace, waitFor } from './support/cluster.js';
import { deployKwokCanary, isHealthy, startCanary, waitRollout } from './support/rollouts.js';

// `slipway up`'s server over real HTTP on 127.0.0.1, with its controllers watching this test's
// namespace of the real cluster, its users and audit in a fresh state file.

type Answer = { status: number; body: any; headers: Record<string, string | string[] | undefined> };
type Session = { cookie: string; csrf: string };

const password = 'correct-horse-battery';

describe('the API server', () => {
  const ns = useNamespace('api-server');
  const stateDir = mkdtempSync(join(tmpdir(), 'slipway-api-'));
  let slipway: RunningSlipway;
  let admin: Session;

  const call = async (
    method: string,
    path: string,
    options: { session?: Session; csrf?: boolean; body?: unknown; token?: string } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (options.session) headers['cookie'] = options.session.cookie;
    if (options.session && options.csrf !== false) headers['x-csrf-token'] = options.session.csrf;
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${slipway.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: /metrics
    }
    return { status: res.status, body, headers: Object.fromEntries(res.headers.entries()) };
  };

  const signIn = async (username: string, pw: string): Promise<Session> => {
    const res = await call('POST', '/api/session', { body: { username, password: pw } });
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/slipway_session=.*HttpOnly.*SameSite=Strict.*Path=\//);
    return { cookie: setCookie.split(';')[0] ?? '', csrf: res.body.csrfToken };
  };

  const kekFile = join(stateDir, 'kek', 'secrets.kek');
  const policiesFile = join(stateDir, 'secret-policies.yaml');

  beforeAll(async () => {
    createKek(kekFile);
    writeFileSync(
      policiesFile,
      '- {identity: cat-app, secrets: "cat-*", project: default, permissions: [read]}\n',
    );
    await installSlipway(new ObjectClient(KubeRest.fromConnection()));
    slipway = await startSlipway({
      stateDir,
      host: '127.0.0.1',
      port: 0,
      namespaces: [ns.name],
      log: pino({ level: process.env['SLIPWAY_TEST_LOG'] ?? 'silent' }),
      uiDir: join(stateDir, 'no-ui'),
      heartbeatMs: 1000,
      secrets: { kekFile, policiesFile },
    });
    expect(slipway.adminPassword).toMatch(/^.{20}$/);
    const auth = openAuthStore(slipway.databaseFile);
    await createUser(auth.db, 'vera', password, [{ role: 'viewer', project: '*' }]);
    await createUser(auth.db, 'dora', password, [{ role: 'deployer', project: '*' }]);
    auth.close();
    await waitFor('/readyz', 30_000, async () =>
      (await call('GET', '/readyz')).status === 200 ? true : undefined,
    );
    admin = await signIn('admin', slipway.adminPassword ?? '');
  });
  afterAll(async () => {
    await slipway?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('answers 401 to anonymous requests, whether the path exists or not', async () => {
    for (const path of ['/api/applications', '/api/no/such/thing']) {
      const res = await call('GET', path);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect(
      (await call('POST', '/api/session', { body: { username: 'admin', password: 'nope-nope' } }))
        .status,
    ).toBe(401);
    const page = await call('GET', '/');
    expect(page.status).toBe(200);
    expect(String(page.body)).toMatch(/UI is not built/);
  });

  it('lists applications from memory with filters, sorting and pages', async () => {
    const apps = ['web', 'api', 'worker', 'cron', 'db'].map((name, i) => ({
      apiVersion: applicationApiVersion,
      kind: 'Application',
      metadata: { name, namespace: ns.name },
      spec: {
        project: i % 2 === 0 ? 'alpha' : 'beta',
        source: { repoURL: 'http://127.0.0.1:1/none.git', targetRevision: 'HEAD', path: '.' },
        destination: { server: 'https://kubernetes.default.svc', namespace: ns.name },
      },
    }));
    await kubectl(['apply', '-f', '-'], apps.map((a) => stringify(a)).join('---\n'));
    await waitFor('5 applications listed', 30_000, async () => {
      const res = await call('GET', `/api/applications?namespace=${ns.name}`, { session: admin });
      return res.body.total === 5 ? true : undefined;
    });
    const first = await call('GET', `/api/applications?project=alpha&sort=-name&limit=2`, {
      session: admin,
    });
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body.items.map((a: { name: string }) => a.name)).toEqual(['worker', 'web']);
    const second = await call(
      'GET',
      `/api/applications?project=alpha&sort=-name&limit=2&cursor=${first.body.nextCursor}`,
      { session: admin },
    );
    expect(second.body.items.map((a: { name: string }) => a.name)).toEqual(['db']);
    expect(second.body.nextCursor).toBeNull();
    const q = await call('GET', '/api/applications?q=R', { session: admin });
    expect(q.body.items.map((a: { name: string }) => a.name).sort()).toEqual(['cron', 'worker']);
    const bad = await call('GET', '/api/applications?sort=age', { session: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_input');
    const missing = await call('GET', `/api/applications/${ns.name}/nope`, { session: admin });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('refuses a viewer, checks CSRF, and lets a deployer promote a paused canary to the end', async () => {
    await deployKwokCanary(ns.name, 'shop');
    // SSE: a rollout event arrives; a reconnect with its id replays only what came after.
    const stream = await openEvents(slipway.url, admin.cookie, 'rollouts');
    await startCanary(ns.name, 'shop');
    const seen = await stream.next((e) => e.event === 'rollout');
    stream.close();

    const vera = await signIn('vera', password);
    const promote = `/api/rollouts/${ns.name}/shop/promote`;
    const denied = await call('POST', promote, { session: vera, body: {} });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    const audit = await call('GET', '/api/audit?who=vera', { session: admin });
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        who: 'vera',
        action: 'rollout.promote',
        outcome: 'denied',
        target: `Rollout ${ns.name}/shop`,
        from: '127.0.0.1',
      }),
    );
    expect((await call('GET', '/api/audit', { session: vera })).status).toBe(403);

    const dora = await signIn('dora', password);
    const noCsrf = await call('POST', promote, { session: dora, body: {}, csrf: false });
    expect(noCsrf.status).toBe(412);
    expect(noCsrf.body.error.code).toBe('precondition_failed');
    const promoted = await call('POST', promote, { session: dora, body: {} });
    expect(promoted.status).toBe(202);
    await waitRollout(ns.name, 'shop', 'Healthy on v2', isHealthy);
    const allowed = await call('GET', '/api/audit?who=dora', { session: admin });
    expect(allowed.body.items).toContainEqual(
      expect.objectContaining({ action: 'rollout.promote', outcome: 'allowed' }),
    );

    const detail = await call('GET', `/api/rollouts/${ns.name}/shop`, { session: vera });
    expect(detail.status).toBe(200);
    expect(detail.body.replicaSets.length).toBeGreaterThanOrEqual(2);
    expect(detail.body.pods.length).toBeGreaterThan(0);

    const resumed = await openEvents(slipway.url, admin.cookie, 'rollouts', String(seen.id));
    const after = await resumed.next((e) => e.event === 'rollout');
    resumed.close();
    expect(after.id).toBeGreaterThan(seen.id);
    const tooOld = await openEvents(slipway.url, admin.cookie, 'rollouts', '1');
    const reset = await tooOld.next(() => true);
    tooOld.close();
    expect(reset.event).toBe('reset');
  });

  it('serves the workload-identity token endpoint without a session, answering in OAuth form', async () => {
    const res = await fetch(`${slipway.url}/api/identity/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: 'not-a-jwt',
        subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
    const jwks = (await (await fetch(`${slipway.url}/jwks.json`)).json()) as {
      keys: unknown[];
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
  });

  it('gives a workload its secret by identity, and refuses another identity', async () => {
    const store = openBuiltinSecretStore({ kekFile, databaseFile: slipway.databaseFile });
    await store.provider('default').set('cat-api-key', 'meow-key-1234');
    store.close();
    const tokenFor = async (sa: string, identity: string): Promise<string> => {
      await kubectl(['-n', ns.name, 'create', 'serviceaccount', sa]);
      await kubectl([
        '-n',
        ns.name,
        'annotate',
        'serviceaccount',
        sa,
        `slipway.dev/identity=${identity}`,
      ]);
      const projected = (
        await kubectl([
          '-n',
          ns.name,
          'create',
          'token',
          sa,
          '--audience',
          'slipway',
          '--duration',
          '10m',
        ])
      ).trim();
      const res = await fetch(`${slipway.url}/api/identity/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          subject_token: projected,
          subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
          audience: 'slipway',
        }).toString(),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const cat = await tokenFor('cat-app', 'cat-app');
    const read = await call('GET', '/api/secrets/default/cat-api-key', { token: cat });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'cat-api-key', value: 'meow-key-1234' });

    const other = await tokenFor('other-app', 'other-app');
    const denied = await call('GET', '/api/secrets/default/cat-api-key', { token: other });
    expect(denied.status).toBe(403);
    expect(JSON.stringify(denied.body)).not.toContain('meow-key-1234');
    const anonymous = await call('GET', '/api/secrets/default/cat-api-key');
    expect(anonymous.status).toBe(401);
  });

  it('serves Prometheus metrics, health and the OpenAPI document', async () => {
    const metrics = await call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    const text = String(metrics.body);
    for (const line of text.trim().split('\n')) {
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{([a-z_]+="[^"]*",?)*\})? -?[\d.e+]+)$/,
      );
    }
    expect(text).toMatch(/slipway_rollout_phase\{phase="Healthy"\} [1-9]/);
    expect(text).toMatch(
      /slipway_http_requests_total\{method="POST",route="\/api\/rollouts\/:namespace\/:name\/promote",status="202"\} 1/,
    );
    expect((await call('GET', '/healthz')).status).toBe(200);
    const openapi = await call('GET', '/api/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\.0/);
    for (const path of [
      '/api/applications',
      '/api/rollouts/{namespace}/{name}/promote',
      '/api/events',
      '/api/session',
      '/api/runs/{id}/logs',
    ])
      expect(Object.keys(openapi.body.paths)).toContain(path);
    const delivery = await call('GET', '/api/metrics/delivery?days=30', { session: admin });
    expect(delivery.status).toBe(200);
    expect(delivery.body.changeFailureRate.started).toBeGreaterThanOrEqual(1);
  });
});

type SseEvent = { id: number; event: string; data: string };

/** A text/event-stream reader: `next` waits for the first event that matches. */
async function openEvents(
  base: string,
  cookie: string,
  topics: string,
  lastEventId?: string,
): Promise<{ next: (match: (e: SseEvent) => boolean) => Promise<SseEvent>; close: () => void }> {
  const events: SseEvent[] = [];
  const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = httpRequest(`${base}/api/events?topics=${topics}`, {
      headers: { cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/event-stream/);
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((l) => !l.startsWith(':') && l.includes(': '))
          .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
      );
      if (fields['event'] === undefined) continue;
      const event = {
        id: Number(fields['id'] ?? 0),
        event: fields['event'],
        data: fields['data'] ?? '',
      };
      events.push(event);
      for (const w of [...waiters])
        if (w.match(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
    }
  });
  return {
    next: (match) => {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<SseEvent>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no matching server-sent event within 30s')),
          30_000,
        );
        waiters.push({
          match,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
    close: () => res.destroy(),
  };
}
