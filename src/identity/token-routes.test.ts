import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityError } from './identity-error.js';
import type { WorkloadIdentity } from './service-account-token.js';
import { SlipwayIssuer } from './slipway-issuer.js';
import { identityRoutes } from './token-routes.js';

const goodToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJnb29kIn0.c2VjcmV0LXNpZ25hdHVyZQ';
const badToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiYWQifQ.YmFkLXNlY3JldC1zaWduYXR1cmU';
const identity: WorkloadIdentity = {
  identity: 'cat-app',
  clientIds: ['cat-app', 'azure-1234'],
  namespace: 'cats',
  serviceAccount: 'app',
  pod: 'web-0',
  expiresAt: 0,
};

const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  url: '/api/identity/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});
const exchange = (token: string, extra: Record<string, string> = {}) =>
  form({
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: token,
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    ...extra,
  });
const assertion = (token: string, clientId: string) =>
  form({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: token,
    client_id: clientId,
    scope: 'registry/.default',
  });

describe('identityRoutes', () => {
  let app: FastifyInstance;
  let issuer: SlipwayIssuer;
  const logs: string[] = [];
  const log = {
    info: (fields: object, message: string) => logs.push(JSON.stringify({ ...fields, message })),
    warn: (fields: object, message: string) => logs.push(JSON.stringify({ ...fields, message })),
  };

  beforeAll(async () => {
    issuer = await SlipwayIssuer.open({
      issuerUrl: 'https://slipway.example',
      stateDir: await mkdtemp(join(tmpdir(), 'slipway-identity-')),
    });
    app = Fastify();
    await app.register(
      identityRoutes({
        issuer,
        log,
        audiences: ['slipway', 'registry'],
        verifySubjectToken: (token) =>
          token === goodToken
            ? Promise.resolve(identity)
            : Promise.reject(
                new IdentityError('expired', 'the token expired at 2024-01-01T00:00:00.000Z'),
              ),
      }),
    );
  });
  afterAll(() => app.close());

  it('exchanges a service-account token for an access token (RFC 8693)', async () => {
    const res = await app.inject(exchange(goodToken, { audience: 'registry' }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ access_token: string }>();
    expect(body).toMatchObject({
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 600,
    });
    expect(issuer.verifyAccessToken(body.access_token, { audience: 'registry' })).toMatchObject({
      sub: 'cat-app',
      namespace: 'cats',
      serviceaccount: 'app',
      pod: 'web-0',
    });
  });

  it("accepts an Azure-style client assertion whose client_id is the ServiceAccount's", async () => {
    const res = await app.inject(assertion(goodToken, 'azure-1234'));
    expect(res.statusCode).toBe(200);
    const token = res.json<{ access_token: string }>().access_token;
    expect(issuer.verifyAccessToken(token, { audience: 'registry' }).sub).toBe('cat-app');
    const azurePath = await app.inject({
      ...assertion(goodToken, 'cat-app'),
      url: '/api/identity/azure/t1/oauth2/v2.0/token',
    });
    expect(azurePath.statusCode).toBe(200);
  });

  it.each([
    ['a refused subject token', exchange(badToken), 400, 'invalid_grant', 'expired at'],
    [
      'a refused client assertion',
      assertion(badToken, 'cat-app'),
      401,
      'invalid_client',
      'expired at',
    ],
    [
      'a client_id that is not the identity',
      assertion(goodToken, 'dog-app'),
      401,
      'invalid_client',
      'client_id "dog-app" is not the identity of ServiceAccount cats/app',
    ],
    [
      'an audience Slipway does not serve',
      exchange(goodToken, { audience: 'bank' }),
      400,
      'invalid_target',
      'audience "bank"',
    ],
    [
      'another grant type',
      form({ grant_type: 'password', username: 'u', password: 'p' }),
      400,
      'unsupported_grant_type',
      'grant_type "password" is not supported',
    ],
    [
      'a wrong subject_token_type',
      exchange(goodToken, { subject_token_type: 'urn:x' }),
      400,
      'invalid_request',
      'subject_token_type must be',
    ],
    [
      'a JSON body',
      { method: 'POST' as const, url: '/api/identity/token', payload: { subject_token: badToken } },
      400,
      'invalid_request',
      'application/x-www-form-urlencoded',
    ],
  ])(
    'answers %s in OAuth form, without the token',
    async (_what, request, status, error, description) => {
      logs.length = 0;
      const res = await app.inject(request);
      expect(res.statusCode).toBe(status);
      const body = res.json<{ error: string; error_description: string }>();
      expect(body.error).toBe(error);
      expect(body.error_description).toContain(description);
      for (const secret of [
        goodToken,
        badToken,
        goodToken.split('.')[2]!,
        badToken.split('.')[2]!,
      ]) {
        expect(res.body).not.toContain(secret);
        expect(logs.join('\n')).not.toContain(secret);
      }
    },
  );

  it('refuses a parameter given twice', async () => {
    const req = exchange(goodToken);
    const res = await app.inject({ ...req, payload: `${req.payload}&subject_token=x` });
    expect(res.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'subject_token is given more than once',
    });
  });

  it('serves its discovery document and JWKS, and an Azure-style authority', async () => {
    const discovery = await app.inject({ method: 'GET', url: '/.well-known/openid-configuration' });
    expect(discovery.json()).toMatchObject({
      issuer: 'https://slipway.example',
      jwks_uri: 'https://slipway.example/jwks.json',
    });
    const jwks = await app.inject({ method: 'GET', url: '/jwks.json' });
    expect(jwks.json<{ keys: unknown[] }>().keys).toEqual(issuer.jwks().keys);
    const azure = await app.inject({
      method: 'GET',
      url: '/api/identity/azure/t1/v2.0/.well-known/openid-configuration',
    });
    expect(azure.json()).toMatchObject({
      token_endpoint: 'https://slipway.example/api/identity/azure/t1/oauth2/v2.0/token',
    });
  });
});
