import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  IdentityError,
  pipelineRunToken,
  SlipwayIssuer,
  verificationKey,
  verifyJwtSignature,
  decodeJwt,
  type BoundServiceAccount,
} from '../identity/index.js';
import type { PullDenial } from './pull-denied-event.js';
import { registryAuthRoutes } from './registry-auth-routes.js';
import type { RegistryPolicy } from './registry-policy.js';

// The token service over fastify's inject: real Slipway issuer, real policy decisions, fake
// Kubernetes (the service-account verifier) and a fake API-token store.

const service = 'slipway-registry';
const exchangeForm = (token: string, extra: Record<string, string> = {}): string =>
  new URLSearchParams({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    subject_token: token,
    ...extra,
  }).toString();
const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const claimsOf = (token: string): Record<string, unknown> => ({ ...decodeJwt(token).claims });

const policies: RegistryPolicy[] = [
  { identity: 'system:serviceaccount:shop:web', repositories: 'shop/*', actions: ['pull'] },
  { identity: 'pipeline:cats/cat-app:*', repositories: 'cats/*', actions: ['pull', 'push'] },
  { identity: 'user:admin', repositories: '*', actions: ['pull', 'push'] },
];

const bound: Record<string, BoundServiceAccount> = {
  'sa-web': {
    namespace: 'shop',
    serviceAccount: 'web',
    pod: { name: 'web-0', uid: 'uid-1' },
    expiresAt: 0,
    account: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } },
  },
};

describe('the registry token service', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'slipway-registry-auth-'));
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const logs: string[] = [];
  const denials: PullDenial[] = [];
  let issuer: SlipwayIssuer;
  let app: FastifyInstance;

  beforeAll(async () => {
    issuer = await SlipwayIssuer.open({ issuerUrl: 'http://slipway.test', stateDir });
    const log = (level: string) => (fields: object, message: string) =>
      logs.push(`${level} ${message} ${JSON.stringify(fields)}`);
    app = Fastify();
    await app.register(
      registryAuthRoutes({
        service,
        issuer: 'slipway-registry-auth',
        registry: '127.0.0.1:5001',
        signer: { privateKey: signingKey.privateKey, certificateDer: Buffer.from('certificate') },
        policies: () => policies,
        policiesFile: '/etc/slipway/registry-policies.yaml',
        verifiers: {
          verifySlipwayToken: (token) => issuer.verifyAccessToken(token, { audience: service }),
          userOfApiToken: (token) => Promise.resolve(token === 'slw_admin' ? 'admin' : undefined),
        },
        verifyServiceAccountToken: (token) => {
          const found = bound[token];
          if (found !== undefined) return Promise.resolve(found);
          if (token === 'sa-down') {
            return Promise.reject(new IdentityError('unavailable', 'cannot read Pod shop/web-0'));
          }
          return Promise.reject(
            new IdentityError(
              'object_gone',
              'the token is bound to Pod shop/old, which no longer exists',
            ),
          );
        },
        issueAccessToken: (request) => issuer.issueAccessToken(request),
        reportDenial: (denial) => {
          denials.push(denial);
          return Promise.resolve();
        },
        log: { info: log('info'), warn: log('warn') },
      }),
    );
  });
  beforeEach(() => {
    logs.length = 0;
    denials.length = 0;
  });
  afterAll(async () => {
    await app.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function credentialFor(subjectToken: string): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/exchange',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: exchangeForm(subjectToken, { audience: service }),
    });
    expect(res.statusCode).toBe(200);
    return String(res.json<{ access_token: string }>().access_token);
  }

  const getToken = (scopes: string[], authorization?: string, extra = `service=${service}`) =>
    app.inject({
      method: 'GET',
      url: `/token?${[extra, ...scopes.map((s) => `scope=${encodeURIComponent(s)}`)].join('&')}`,
      headers: authorization === undefined ? {} : { authorization },
    });

  it("exchanges a pod's service-account token for a short-lived registry credential", async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/exchange',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: exchangeForm('sa-web'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ access_token: string; expires_in: number; token_type: string }>();
    expect(body).toMatchObject({ expires_in: 600, token_type: 'Bearer' });
    expect(claimsOf(body.access_token)).toMatchObject({
      iss: 'http://slipway.test',
      aud: service,
      sub: 'system:serviceaccount:shop:web',
      registry_credential: 'service-account',
      namespace: 'shop',
      serviceaccount: 'web',
      pod: 'web-0',
      pod_uid: 'uid-1',
    });
  });

  it.each([
    ['a refused token', exchangeForm('sa-gone'), 400, 'invalid_grant', 'which no longer exists'],
    [
      'an unreadable API server',
      exchangeForm('sa-down'),
      503,
      'temporarily_unavailable',
      'cannot read Pod',
    ],
    [
      'another audience',
      exchangeForm('sa-web', { audience: 'slipway' }),
      400,
      'invalid_target',
      service,
    ],
    [
      'a client assertion',
      'grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=x&client_id=y',
      400,
      'unsupported_grant_type',
      'token exchange',
    ],
  ])('refuses an exchange with %s', async (_what, payload, status, error, why) => {
    const res = await app.inject({
      method: 'POST',
      url: '/exchange',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error });
    expect(String(res.json<{ error_description: string }>().error_description)).toContain(why);
  });

  it('grants a ServiceAccount what its policy allows and nothing else, in a signed token', async () => {
    const credential = await credentialFor('sa-web');
    const res = await getToken(
      ['repository:shop/web:pull,push', 'repository:bank/vault:pull'],
      basic('slipway-registry-credential', credential),
    );
    expect(res.statusCode).toBe(200);
    const body = res.json<{ token: string; access_token: string; expires_in: number }>();
    expect(body.access_token).toBe(body.token);
    expect(body.expires_in).toBe(300);
    const jwt = decodeJwt(body.token);
    const key = verificationKey(signingKey.publicKey.export({ format: 'jwk' }));
    expect(key && verifyJwtSignature(jwt, key)).toBe(true);
    expect(jwt.header).toEqual({
      alg: 'ES256',
      typ: 'JWT',
      x5c: [Buffer.from('certificate').toString('base64')],
    });
    expect(jwt.claims).toMatchObject({
      iss: 'slipway-registry-auth',
      aud: service,
      sub: 'system:serviceaccount:shop:web',
      access: [{ type: 'repository', name: 'shop/web', actions: ['pull'] }],
    });
    // The refused pull is reported on the pod the credential was made for.
    expect(denials).toEqual([
      {
        namespace: 'shop',
        serviceAccount: 'web',
        pod: { name: 'web-0', uid: 'uid-1' },
        registry: '127.0.0.1:5001',
        repository: 'bank/vault',
        actions: ['pull'],
        policiesFile: '/etc/slipway/registry-policies.yaml',
      },
    ]);
    expect(logs.join('\n')).toContain('registry access denied');
    expect(logs.join('\n')).not.toContain(credential);
  });

  it('answers the OAuth POST containerd tries first, as the GET', async () => {
    const credential = await credentialFor('sa-web');
    const res = await app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: new URLSearchParams({
        grant_type: 'password',
        username: 'slipway-registry-credential',
        password: credential,
        service,
        client_id: 'containerd-client',
        scope: 'repository:shop/web:pull repository:shop/api:pull',
      }).toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(claimsOf(res.json<{ access_token: string }>().access_token)['access']).toEqual([
      { type: 'repository', name: 'shop/web', actions: ['pull'] },
      { type: 'repository', name: 'shop/api', actions: ['pull'] },
    ]);
  });

  it('refuses the refresh-token grant with 400, so containerd falls back to GET', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=refresh_token&refresh_token=x&service=${service}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      errors: [
        {
          code: 'INVALID_REQUEST',
          message:
            'grant_type "refresh_token" is not supported; use password, or GET with Basic auth',
        },
      ],
    });
  });

  it("grants a pipeline run's own token what its pipeline may do, and reports nothing for it", async () => {
    const run = pipelineRunToken(issuer, {
      runId: 'r1',
      repo: 'cats/cat-app',
      pipeline: 'build',
      sha: 'abc',
      ref: 'refs/heads/main',
      event: 'push',
      timeoutSeconds: 600,
      audience: service,
    });
    const res = await getToken(
      ['repository:cats/cat-app:pull,push', 'repository:shop/web:pull'],
      basic('pipeline', run.accessToken),
    );
    expect(claimsOf(res.json<{ token: string }>().token)['access']).toEqual([
      { type: 'repository', name: 'cats/cat-app', actions: ['pull', 'push'] },
    ]);
    expect(denials).toEqual([]);
  });

  it('grants anonymous requests nothing (the registry then answers 401)', async () => {
    const res = await getToken(['repository:shop/web:pull']);
    expect(res.statusCode).toBe(200);
    expect(claimsOf(res.json<{ token: string }>().token)).toMatchObject({
      sub: 'anonymous',
      access: [],
    });
  });

  it.each([
    ['an unknown API token', basic('admin', 'slw_nope'), 'unknown, revoked or expired'],
    ['a password that is no token', basic('admin', 'hunter2'), 'not a valid Slipway token'],
    [
      'a workload access token (not a registry credential)',
      () =>
        basic(
          'x',
          issuer.issueAccessToken({
            sub: 'pipeline:cats/cat-app:build',
            aud: service,
            claims: { namespace: 'evil', serviceaccount: 'x' },
          }).accessToken,
        ),
      'neither a registry credential nor a pipeline run token',
    ],
    [
      'a Slipway token for another audience',
      () =>
        basic(
          'x',
          issuer.issueAccessToken({ sub: 'system:serviceaccount:shop:web', aud: 'slipway' })
            .accessToken,
        ),
      'not "slipway-registry"',
    ],
  ])('answers 401 to %s, without echoing it', async (_what, header, why) => {
    const authorization = typeof header === 'function' ? header() : header;
    const res = await getToken(['repository:shop/web:pull'], authorization);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="slipway-registry"');
    const [error] = res.json<{ errors: { code: string; message: string }[] }>().errors;
    expect(error?.code).toBe('UNAUTHORIZED');
    expect(error?.message).toContain(why);
    const password = Buffer.from(authorization.slice(6), 'base64').toString().split(':')[1] ?? '';
    expect(res.body).not.toContain(password);
    expect(logs.join('\n')).not.toContain(password);
  });

  it.each([
    [['repository:shop/web:pull'], 'service=docker.io', 'WRONG_SERVICE', 'not "docker.io"'],
    [['repository:shop/web'], `service=${service}`, 'INVALID_SCOPE', 'the form is repository:NAME'],
  ])('answers 400 to scopes %j with %s', async (scopes, extra, code, why) => {
    const res = await getToken(scopes, basic('admin', 'slw_admin'), extra);
    expect(res.statusCode).toBe(400);
    const [error] = res.json<{ errors: { code: string; message: string }[] }>().errors;
    expect(error?.code).toBe(code);
    expect(error?.message).toContain(why);
  });
});
