import { describe, expect, it } from 'vitest';
import { IdentityError, type JwtClaims } from '../identity/index.js';
import { RegistryAuthError } from './registry-auth-error.js';
import {
  authenticate,
  principalFromClaims,
  type CredentialVerifiers,
} from './registry-principal.js';

const serviceAccountCredential: JwtClaims = {
  sub: 'system:serviceaccount:shop:web',
  registry_credential: 'service-account',
  namespace: 'shop',
  serviceaccount: 'web',
  pod: 'web-0',
  pod_uid: 'uid-1',
};
const pipelineToken: JwtClaims = {
  sub: 'pipeline:cats/cat-app:build',
  run_id: 'r1',
  repo: 'cats/cat-app',
  pipeline: 'build',
};

describe('principalFromClaims', () => {
  it('recognises a registry credential made from a service-account token', () => {
    expect(principalFromClaims(serviceAccountCredential)).toEqual({
      kind: 'service-account',
      name: 'system:serviceaccount:shop:web',
      namespace: 'shop',
      serviceAccount: 'web',
      pod: { name: 'web-0', uid: 'uid-1' },
    });
  });

  it("recognises a pipeline run's token", () => {
    expect(principalFromClaims(pipelineToken)).toEqual({
      kind: 'pipeline',
      name: 'pipeline:cats/cat-app:build',
      runId: 'r1',
    });
  });

  it.each([
    // What /api/identity/token issues: sub is the ServiceAccount's slipway.dev/identity
    // annotation, which anyone who may edit the ServiceAccount chooses.
    [
      'a workload access token whose identity reads like a pipeline',
      { sub: 'pipeline:cats/cat-app:build', namespace: 'evil', serviceaccount: 'x', pod: 'p' },
    ],
    [
      'a workload access token whose identity reads like another ServiceAccount',
      { sub: 'system:serviceaccount:shop:web', namespace: 'evil', serviceaccount: 'x' },
    ],
    [
      'a credential whose sub disagrees with its claims',
      { ...serviceAccountCredential, sub: 'system:serviceaccount:kube-system:admin' },
    ],
    [
      'a pipeline token whose sub names another pipeline',
      { ...pipelineToken, sub: 'pipeline:a:b' },
    ],
    ['a credential without a namespace', { ...serviceAccountCredential, namespace: undefined }],
  ])('refuses %s', (_what, claims) => {
    expect(principalFromClaims(claims)).toBeUndefined();
  });
});

function verifiers(
  claims: JwtClaims | Error,
  users: Record<string, string> = {},
): CredentialVerifiers {
  return {
    verifySlipwayToken: () => {
      if (claims instanceof Error) throw claims;
      return claims;
    },
    userOfApiToken: (token) => Promise.resolve(users[token]),
  };
}

async function refusal(promise: Promise<unknown>): Promise<RegistryAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RegistryAuthError))
    throw new Error(`expected a refusal, got ${String(error)}`);
  return error;
}

describe('authenticate', () => {
  it('treats a request without credentials as anonymous', async () => {
    await expect(authenticate(undefined, verifiers({}))).resolves.toEqual({
      kind: 'anonymous',
      name: 'anonymous',
    });
  });

  it('takes an API token with the name of its user', async () => {
    const found = await authenticate(
      { username: 'admin', password: 'slw_1' },
      verifiers({}, { slw_1: 'admin' }),
    );
    expect(found).toEqual({ kind: 'user', name: 'user:admin', user: 'admin' });
  });

  it.each([
    ['an unknown API token', { username: 'admin', password: 'slw_x' }, 'unknown, revoked'],
    ["another user's API token", { username: 'root', password: 'slw_1' }, 'another user'],
  ])('refuses %s (401)', async (_what, credentials, why) => {
    const error = await refusal(authenticate(credentials, verifiers({}, { slw_1: 'admin' })));
    expect(error.status).toBe(401);
    expect(error.message).toContain(why);
    expect(error.message).not.toContain(credentials.password);
  });

  it('takes a registry credential, whatever the username', async () => {
    const found = await authenticate(
      { username: 'anything', password: 'jwt' },
      verifiers(serviceAccountCredential),
    );
    expect(found.name).toBe('system:serviceaccount:shop:web');
  });

  it('refuses a token that does not verify, saying why without quoting it', async () => {
    const error = await refusal(
      authenticate(
        { username: 'x', password: 'eyJhbGciOi.not.valid' },
        verifiers(new IdentityError('expired', 'the token expired at 2025-01-01T00:00:00.000Z')),
      ),
    );
    expect(error.message).toBe(
      'the password is not a valid Slipway token for the registry: the token expired at 2025-01-01T00:00:00.000Z',
    );
  });

  it('refuses a Slipway token that is neither a registry credential nor a pipeline token', async () => {
    const error = await refusal(
      authenticate(
        { username: 'x', password: 'jwt' },
        verifiers({ sub: 'cat-app', namespace: 'shop', serviceaccount: 'web' }),
      ),
    );
    expect(error.message).toContain('neither a registry credential nor a pipeline run token');
  });
});
