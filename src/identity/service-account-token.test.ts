import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '../kube/index.js';
import { IdentityError } from './identity-error.js';
import { OidcKeySet } from './oidc-keys.js';
import {
  verifyBoundServiceAccountToken,
  verifyServiceAccountToken,
} from './service-account-token.js';

const issuerUrl = 'https://cluster.example';
const now = 1_700_000_000_000;
const seg = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An API server's issuer in miniature: one RSA key, discovery, JWKS, and a fetch counter. */
function fakeIssuer(): { keys: OidcKeySet; fetches: string[]; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fetches: string[] = [];
  const documents: Record<string, unknown> = {
    [`${issuerUrl}/.well-known/openid-configuration`]: {
      issuer: issuerUrl,
      jwks_uri: `${issuerUrl}/openid/v1/jwks`,
    },
    [`${issuerUrl}/openid/v1/jwks`]: {
      keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' }],
    },
  };
  const keys = new OidcKeySet({
    issuerUrl,
    now: () => now,
    fetchJson: (url) => {
      fetches.push(url);
      return Promise.resolve(documents[url]);
    },
  });
  return { keys, fetches, privateKey };
}

function token(privateKey: KeyObject, claims: Record<string, unknown> = {}, kid = 'k1'): string {
  const input = `${seg({ alg: 'RS256', kid })}.${seg({
    iss: issuerUrl,
    aud: ['slipway'],
    sub: 'system:serviceaccount:cats:app',
    iat: now / 1000 - 10,
    nbf: now / 1000 - 10,
    exp: now / 1000 + 3600,
    'kubernetes.io': {
      namespace: 'cats',
      serviceaccount: { name: 'app', uid: 'sa-1' },
      pod: { name: 'web-0', uid: 'pod-1' },
    },
    ...claims,
  })}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const account: KubeObject = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: {
    name: 'app',
    namespace: 'cats',
    uid: 'sa-1',
    annotations: { 'slipway.dev/identity': 'cat-app' },
  },
};
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'cats', uid: 'pod-1' },
  spec: { serviceAccountName: 'app' },
};

function objects(...present: KubeObject[]): {
  get: (ref: ObjectRef) => Promise<KubeObject | undefined>;
} {
  return {
    get: (ref) =>
      Promise.resolve(
        present.find(
          (o) =>
            o.kind === ref.kind &&
            o.metadata.name === ref.name &&
            o.metadata.namespace === ref.namespace,
        ),
      ),
  };
}

async function failure(promise: Promise<unknown>): Promise<IdentityError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof IdentityError))
    throw new Error(`expected an IdentityError, got ${String(error)}`);
  return error;
}

describe('verifyServiceAccountToken', () => {
  const { keys, privateKey, fetches } = fakeIssuer();
  const options = {
    issuer: keys,
    audience: 'slipway',
    client: objects(account, pod),
    now: () => now,
  };

  it("answers with the ServiceAccount's identity", async () => {
    await expect(verifyServiceAccountToken(token(privateKey), options)).resolves.toEqual({
      identity: 'cat-app',
      clientIds: ['cat-app'],
      namespace: 'cats',
      serviceAccount: 'app',
      pod: 'web-0',
      expiresAt: now / 1000 + 3600,
    });
  });

  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  it.each([
    ['expired', () => token(privateKey, { exp: now / 1000 - 60 }), 'expired', 'expired at'],
    [
      'for another audience',
      () => token(privateKey, { aud: ['other'] }),
      'wrong_audience',
      'audience ["other"], not "slipway"',
    ],
    [
      'from another issuer',
      () => token(privateKey, { iss: 'https://evil.example' }),
      'wrong_issuer',
      'evil.example',
    ],
    ['signed with another key', () => token(other), 'bad_signature', 'does not verify'],
    [
      'naming a key the issuer lacks',
      () => token(other, {}, 'k9'),
      'unknown_key',
      'does not publish',
    ],
    [
      'with a sub that disagrees',
      () => token(privateKey, { sub: 'system:serviceaccount:kube-system:admin' }),
      'not_bound',
      'does not match',
    ],
    [
      'without kubernetes.io',
      () => token(privateKey, { 'kubernetes.io': undefined }),
      'not_bound',
      'no kubernetes.io',
    ],
  ])('refuses a token %s, and never quotes it', async (_what, make, code, reason) => {
    const text = make();
    const error = await failure(verifyServiceAccountToken(text, options));
    expect(error.failure).toBe(code);
    expect(error.message).toContain(reason);
    expect(`${error.message} ${error.hint ?? ''}`).not.toContain(text.split('.')[2]);
  });

  it.each([
    ['the pod was deleted', objects(account), 'Pod cats/web-0, which no longer exists'],
    [
      'the pod was re-created',
      objects(account, { ...pod, metadata: { ...pod.metadata, uid: 'pod-2' } }),
      'uid pod-1, which was deleted',
    ],
    [
      'the ServiceAccount was deleted',
      objects(pod),
      'ServiceAccount cats/app, which no longer exists',
    ],
  ])('refuses when %s', async (_what, client, reason) => {
    const error = await failure(
      verifyServiceAccountToken(token(privateKey), { ...options, client }),
    );
    expect(error.failure).toBe('object_gone');
    expect(error.message).toContain(reason);
  });

  it('refuses a ServiceAccount without an identity annotation', async () => {
    const bare = { ...account, metadata: { ...account.metadata, annotations: {} } };
    const error = await failure(
      verifyServiceAccountToken(token(privateKey), { ...options, client: objects(bare, pod) }),
    );
    expect(error.message).toBe('ServiceAccount cats/app has no slipway.dev/identity annotation');
  });

  it('verifyBoundServiceAccountToken takes a ServiceAccount without an identity annotation', async () => {
    const bare = { ...account, metadata: { ...account.metadata, annotations: {} } };
    const found = await verifyBoundServiceAccountToken(token(privateKey, { aud: ['registry'] }), {
      ...options,
      audience: 'registry',
      client: objects(bare, pod),
    });
    expect(found).toEqual({
      namespace: 'cats',
      serviceAccount: 'app',
      pod: { name: 'web-0', uid: 'pod-1' },
      expiresAt: now / 1000 + 3600,
      account: bare,
    });
  });

  it('verifyBoundServiceAccountToken still checks the audience and the bound pod', async () => {
    const wrongAudience = await failure(
      verifyBoundServiceAccountToken(token(privateKey), { ...options, audience: 'registry' }),
    );
    expect(wrongAudience.failure).toBe('wrong_audience');
    const gone = await failure(
      verifyBoundServiceAccountToken(token(privateKey), { ...options, client: objects(account) }),
    );
    expect(gone.failure).toBe('object_gone');
  });

  it('takes the Azure client id as the identity during a migration', async () => {
    const azure = {
      ...account,
      metadata: {
        ...account.metadata,
        annotations: { 'azure.workload.identity/client-id': '1234-abcd' },
      },
    };
    const found = await verifyServiceAccountToken(token(privateKey), {
      ...options,
      client: objects(azure, pod),
    });
    expect(found).toMatchObject({ identity: '1234-abcd', clientIds: ['1234-abcd'] });
  });

  it('refetches the JWKS for an unknown kid at most once per interval', async () => {
    const before = fetches.length;
    await failure(verifyServiceAccountToken(token(other, {}, 'k9'), options));
    await failure(verifyServiceAccountToken(token(other, {}, 'k8'), options));
    expect(fetches.length).toBe(before); // the first test's fetch is recent: no refetch yet
  });

  it('picks up a rotated key on first sight of its kid', async () => {
    const clock = { t: now };
    const { publicKey, privateKey: newKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    let jwks: unknown[] = [];
    const rotating = new OidcKeySet({
      issuerUrl,
      now: () => clock.t,
      minRefetchMs: 30_000,
      fetchJson: (url) =>
        Promise.resolve(
          url.endsWith('openid-configuration')
            ? { issuer: issuerUrl, jwks_uri: `${issuerUrl}/jwks` }
            : { keys: jwks },
        ),
    });
    const opts = { ...options, issuer: rotating };
    await failure(verifyServiceAccountToken(token(newKey, {}, 'k2'), opts));
    jwks = [{ ...publicKey.export({ format: 'jwk' }), kid: 'k2' }];
    await failure(verifyServiceAccountToken(token(newKey, {}, 'k2'), opts)); // rate-limited
    clock.t += 31_000;
    await expect(verifyServiceAccountToken(token(newKey, {}, 'k2'), opts)).resolves.toMatchObject({
      identity: 'cat-app',
    });
  });

  it('says when the issuer cannot be read', async () => {
    const down = new OidcKeySet({
      issuerUrl,
      fetchJson: () => Promise.reject(new Error('ECONNREFUSED')),
    });
    const error = await failure(
      verifyServiceAccountToken(token(privateKey), { ...options, issuer: down }),
    );
    expect(error.failure).toBe('unavailable');
    expect(error.message).toContain(`${issuerUrl}/.well-known/openid-configuration: ECONNREFUSED`);
  });
});
