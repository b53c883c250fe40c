import { request } from 'node:https';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/index.js';
import { startAdmissionServer, type AdmissionServer } from './admission-server.js';
import { ensureServingCertificate, type ServingCertificate } from './serving-certificate.js';

const accounts: Record<string, KubeObject | Error | 'slow'> = {
  app: {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'app', namespace: 'cats', annotations: { 'slipway.dev/identity': 'cat' } },
  },
  broken: new Error('connection refused'),
  slow: 'slow',
};

const review = (serviceAccountName: string, kind = 'Pod') => ({
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: 'u-1',
    kind: { group: '', version: 'v1', kind },
    operation: 'CREATE',
    namespace: 'cats',
    object: {
      metadata: { name: 'web' },
      spec: { serviceAccountName, containers: [{ name: 'm' }] },
    },
  },
});

let dir: string;
let tls: ServingCertificate;
let server: AdmissionServer;
const logs: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-admission-server-'));
  tls = await ensureServingCertificate(join(dir, 'admission'), '127.0.0.1');
  server = await startAdmissionServer({ host: '127.0.0.1', port: 0 }, tls, {
    readServiceAccount: async (_namespace, name) => {
      const found = accounts[name];
      if (found === 'slow') return new Promise(() => undefined);
      if (found instanceof Error) throw found;
      return found;
    },
    patchOptions: { tokenUrl: 'http://10.244.0.1:8080/api/identity/token' },
    log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    lookupTimeoutMs: 200,
  });
}, 30_000);
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

type Answer = { status: number; body: Record<string, unknown> };

function call(method: string, path: string, body?: unknown): Promise<Answer> {
  const payload =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method, ca: tls.caCertificate, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const response = (answer: Answer) => answer.body['response'] as Record<string, unknown>;
const path = '/mutate/workload-identity';

describe('the admission listener', () => {
  it('answers a pod of an identity-annotated ServiceAccount with a JSON Patch, over TLS the CA vouches for', async () => {
    const answer = await call('POST', path, review('app'));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
    });
    expect(response(answer)).toMatchObject({ uid: 'u-1', allowed: true, patchType: 'JSONPatch' });
    const ops: unknown = JSON.parse(
      Buffer.from(String(response(answer)['patch']), 'base64').toString('utf8'),
    );
    expect(ops).toContainEqual(expect.objectContaining({ op: 'add', path: '/spec/volumes' }));
    expect(logs.join('\n')).toContain('workload identity injected');
  });

  it('lets other objects and pods of unknown ServiceAccounts in untouched', async () => {
    expect(response(await call('POST', path, review('app', 'Secret')))).toEqual({
      uid: 'u-1',
      allowed: true,
    });
    expect(response(await call('POST', path, review('nobody')))).toEqual({
      uid: 'u-1',
      allowed: true,
    });
  });

  it('lets the pod in with a warning when the ServiceAccount cannot be read, or not in time', async () => {
    for (const [account, reason] of [
      ['broken', 'connection refused'],
      ['slow', 'no answer within 200 ms'],
    ] as const) {
      const answered = response(await call('POST', path, review(account)));
      expect(answered['allowed']).toBe(true);
      expect(answered['patch']).toBeUndefined();
      expect(String((answered['warnings'] as string[])[0])).toContain(`(${reason})`);
    }
  });

  it.each([
    ['a body that is not JSON', 'POST', path, '{', 400, /^the body is not JSON/],
    ['a review of another version', 'POST', path, { apiVersion: 'v1' }, 400, /field apiVersion/],
    ['another path', 'POST', '/mutate/other', review('app'), 404, /no route \/mutate\/other/],
    ['a GET', 'GET', path, undefined, 405, /takes POST/],
  ])('refuses %s', async (_what, method, at, body, status, message) => {
    const answer = await call(method, at, body);
    expect(answer.status).toBe(status);
    expect(String(answer.body['error'])).toMatch(message);
  });

  it('says which address it cannot listen on', async () => {
    const port = Number(new URL(server.url).port);
    await expect(
      startAdmissionServer({ host: '127.0.0.1', port }, tls, {
        readServiceAccount: () => Promise.resolve(undefined),
        patchOptions: { tokenUrl: 'http://x/api/identity/token' },
        log: pino({ level: 'silent' }),
      }),
    ).rejects.toThrow(
      `the admission webhook cannot listen on 127.0.0.1:${port}: listen EADDRINUSE`,
    );
  });
});
