import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verificationKey } from '../../identity/jwt.js';
import { verifyIdToken, type IdTokenCheck } from './id-token.js';
import { OidcRefusal } from './oidc-refusal.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const issuer = 'https://idp.example';
const now = 1_700_000_000;

function token(
  claims: Record<string, unknown>,
  key: KeyObject = rsa.privateKey,
  alg = 'RS256',
): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${part({ alg, kid: 'k1' })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

const good = { iss: issuer, aud: 'slipway', sub: 'alice', nonce: 'n1', iat: now, exp: now + 300 };
const check: IdTokenCheck = {
  issuer,
  clientId: 'slipway',
  nonce: 'n1',
  keyFor: (kid) =>
    Promise.resolve(
      kid === 'k1' ? verificationKey(rsa.publicKey.export({ format: 'jwk' })) : undefined,
    ),
  now: () => now * 1000,
};

describe('verifyIdToken', () => {
  it('returns the claims of a good token', async () => {
    await expect(verifyIdToken(token(good), check)).resolves.toMatchObject({ sub: 'alice' });
    await expect(
      verifyIdToken(token({ ...good, aud: ['slipway', 'x'], azp: 'slipway' }), check),
    ).resolves.toMatchObject({ sub: 'alice' });
  });

  it.each([
    ['another key', token(good, other.privateKey), /signature/],
    ['alg none', `${token(good).split('.').slice(0, 2).join('.')}.AA`, /signature/],
    ['HS256', token(good, rsa.privateKey, 'HS256'), /HS256/],
    ['another issuer', token({ ...good, iss: 'https://evil' }), /another issuer/],
    ['another audience', token({ ...good, aud: 'other' }), /not for this client/],
    [
      'several audiences, azp elsewhere',
      token({ ...good, aud: ['slipway', 'x'], azp: 'x' }),
      /azp/,
    ],
    ['expired', token({ ...good, exp: now - 61 }), /expired/],
    ['no exp', token({ ...good, exp: undefined }), /no exp/],
    ['not yet valid', token({ ...good, nbf: now + 600 }), /not valid yet/],
    ['another nonce', token({ ...good, nonce: 'n2' }), /nonce/],
    ['no nonce', token({ ...good, nonce: undefined }), /nonce/],
    ['not a JWT', 'garbage', /not a JWT/],
  ])('refuses %s', async (_name, jwt, message) => {
    const error = await verifyIdToken(jwt, check).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcRefusal);
    expect((error as OidcRefusal).kind).toBe('unauthenticated');
    expect((error as OidcRefusal).message).toMatch(message);
  });
});
