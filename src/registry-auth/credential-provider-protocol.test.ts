import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, PreconditionError } from '../errors/index.js';
import {
  answerCredentialProviderRequest,
  CredentialExchangeError,
  httpTokenExchange,
} from './credential-exchange-client.js';
import {
  credentialProviderResponse,
  parseCredentialProviderRequest,
  registryOfImage,
} from './credential-provider-protocol.js';

const request = (fields: Record<string, unknown> = {}): string =>
  JSON.stringify({
    apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
    kind: 'CredentialProviderRequest',
    image: '127.0.0.1:5001/shop/web:1',
    serviceAccountToken: 'sa-token',
    serviceAccountAnnotations: { a: 'b' },
    ...fields,
  });

describe('parseCredentialProviderRequest', () => {
  it('reads what the kubelet sends', () => {
    expect(parseCredentialProviderRequest(request())).toEqual({
      image: '127.0.0.1:5001/shop/web:1',
      serviceAccountToken: 'sa-token',
      serviceAccountAnnotations: { a: 'b' },
    });
  });

  it('reads a request without a token or annotations (no tokenAttributes)', () => {
    expect(
      parseCredentialProviderRequest(
        request({ serviceAccountToken: '', serviceAccountAnnotations: undefined }),
      ),
    ).toEqual({
      image: '127.0.0.1:5001/shop/web:1',
      serviceAccountToken: undefined,
      serviceAccountAnnotations: {},
    });
  });

  it.each([
    ['not JSON', 'hello', 'stdin is not JSON'],
    [
      'of an older API version',
      request({ apiVersion: 'credentialprovider.kubelet.k8s.io/v1beta1' }),
      'field apiVersion',
    ],
    ['of another kind', request({ kind: 'CredentialProviderResponse' }), 'field kind'],
    ['without an image', request({ image: '' }), 'field image'],
  ])('refuses a request %s, naming the field', (_what, text, why) => {
    expect(() => parseCredentialProviderRequest(text)).toThrow(InputError);
    expect(() => parseCredentialProviderRequest(text)).toThrow(why);
  });
});

describe('registryOfImage', () => {
  it.each([
    ['127.0.0.1:5001/shop/web:1', '127.0.0.1:5001'],
    ['127.0.0.1:5001/shop/web@sha256:abc', '127.0.0.1:5001'],
    ['registry.example/shop/web', 'registry.example'],
    ['localhost/web', 'localhost'],
    ['shop/web', 'docker.io'],
    ['web', 'docker.io'],
  ])('%s → %s', (image, registry) => {
    expect(registryOfImage(image)).toBe(registry);
  });
});

describe('credentialProviderResponse', () => {
  it('gives the credential for the registry, cached until two minutes before it expires', () => {
    expect(
      credentialProviderResponse({
        image: '127.0.0.1:5001/shop/web:1',
        password: 'jwt',
        expiresInSeconds: 600,
      }),
    ).toEqual({
      apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      kind: 'CredentialProviderResponse',
      cacheKeyType: 'Registry',
      cacheDuration: '480s',
      auth: { '127.0.0.1:5001': { username: 'slipway-registry-credential', password: 'jwt' } },
    });
  });

  it('never asks the kubelet to cache a credential past its life', () => {
    expect(
      credentialProviderResponse({ image: 'a.b/c', password: 'p', expiresInSeconds: 60 }),
    ).toMatchObject({ cacheDuration: '0s' });
  });
});

describe('answerCredentialProviderRequest', () => {
  it('exchanges the pod token and answers with JSON for stdout', async () => {
    const seen: string[] = [];
    const answer = await answerCredentialProviderRequest(request(), (token) => {
      seen.push(token);
      return Promise.resolve({ password: 'registry-credential', expiresIn: 600 });
    });
    expect(seen).toEqual(['sa-token']);
    expect(JSON.parse(answer)).toMatchObject({
      auth: { '127.0.0.1:5001': { password: 'registry-credential' } },
    });
  });

  it('refuses to answer without a service-account token, saying what to configure', async () => {
    const error = await answerCredentialProviderRequest(
      request({ serviceAccountToken: undefined }),
      () => Promise.reject(new Error('not called')),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(
      'the kubelet sent no service-account token for image 127.0.0.1:5001/shop/web:1',
    );
    expect((error as InputError).hint).toContain('tokenAttributes.serviceAccountTokenAudience');
  });
});

describe('httpTokenExchange', () => {
  let server: Server;
  let url = '';
  const forms: URLSearchParams[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        forms.push(form);
        res.setHeader('content-type', 'application/json');
        if (form.get('subject_token') === 'good') {
          res.end(JSON.stringify({ access_token: 'credential', expires_in: 600 }));
        } else {
          res.statusCode = 400;
          res.end(
            JSON.stringify({ error: 'invalid_grant', error_description: 'the token expired' }),
          );
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/exchange`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts an RFC 8693 token exchange for the registry audience', async () => {
    await expect(httpTokenExchange(url, 'slipway-registry')('good')).resolves.toEqual({
      password: 'credential',
      expiresIn: 600,
    });
    expect(Object.fromEntries(forms.at(-1) ?? [])).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      subject_token: 'good',
      audience: 'slipway-registry',
    });
  });

  it("passes on Slipway's refusal, without the token", async () => {
    const error = await httpTokenExchange(
      url,
      'slipway-registry',
    )('secret-sa-token').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CredentialExchangeError);
    expect((error as Error).message).toContain(
      'Slipway refused the service-account token (HTTP 400 invalid_grant): the token expired',
    );
    expect((error as Error).message).not.toContain('secret-sa-token');
  });

  it('says Slipway is not running when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nobody = `http://127.0.0.1:${port}/exchange`;
    const error = await httpTokenExchange(
      nobody,
      'slipway-registry',
    )('good').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as PreconditionError).message).toBe(
      `cannot reach Slipway's registry token service at ${nobody}: ECONNREFUSED`,
    );
    expect((error as PreconditionError).hint).toContain('slipway up --registry-auth');
  });
});
