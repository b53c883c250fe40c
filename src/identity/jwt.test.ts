import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAudience, checkTimes } from './claim-checks.js';
import { IdentityError, quoteClaim } from './identity-error.js';
import {
  decodeJwt,
  signEs256Jwt,
  signEs256JwtWithHeader,
  verificationKey,
  verifyJwtSignature,
} from './jwt.js';

const seg = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

function failureOf(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    return error instanceof IdentityError ? `${error.failure}: ${error.message}` : String(error);
  }
  return 'passed';
}

describe('decodeJwt', () => {
  it.each([
    ['two parts', 'a.b', 'three dot-separated parts'],
    ['an empty signature', `${seg({ alg: 'RS256' })}.${seg({})}.`, 'three dot-separated parts'],
    ['a non-base64url part', `${seg({})}.${seg({})}.a+b`, 'not base64url'],
    [
      'a payload that is not JSON',
      `${seg({})}.${Buffer.from('x').toString('base64url')}.c2ln`,
      'not base64url JSON',
    ],
    ['a payload that is an array', `${seg({})}.${seg([1])}.c2ln`, 'not a JSON object'],
  ])('refuses %s, without echoing it', (_what, token, reason) => {
    const failure = failureOf(() => decodeJwt(token));
    expect(failure).toContain('malformed');
    expect(failure).toContain(reason);
    expect(failure).not.toContain(token);
  });
});

describe('signatures', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ecKey = verificationKey(ec.publicKey.export({ format: 'jwk' }))!;
  const rsaKey = verificationKey(rsa.publicKey.export({ format: 'jwk' }))!;

  it('verifies ES256 it signed, and not with another key', () => {
    const token = signEs256Jwt({ sub: 'x' }, ec.privateKey, 'k1');
    expect(verifyJwtSignature(decodeJwt(token), ecKey)).toBe(true);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(
      verifyJwtSignature(decodeJwt(token), verificationKey(other.export({ format: 'jwk' }))!),
    ).toBe(false);
  });

  it('verifies RS256 and refuses a header naming an algorithm the key is not for', () => {
    const input = `${seg({ alg: 'RS256', kid: 'a' })}.${seg({ sub: 'x' })}`;
    const sig = sign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url');
    expect(verifyJwtSignature(decodeJwt(`${input}.${sig}`), rsaKey)).toBe(true);
    const relabelled = `${seg({ alg: 'ES256', kid: 'a' })}.${seg({ sub: 'x' })}.${sig}`;
    expect(verifyJwtSignature(decodeJwt(relabelled), rsaKey)).toBe(false);
    const none = `${seg({ alg: 'none' })}.${seg({ sub: 'x' })}.${sig}`;
    expect(verifyJwtSignature(decodeJwt(none), rsaKey)).toBe(false);
  });

  it('signs with extra header fields, which cannot change alg or typ', () => {
    const token = signEs256JwtWithHeader(
      { x5c: ['cert'], alg: 'none', typ: 'other' },
      { sub: 'x' },
      ec.privateKey,
    );
    const jwt = decodeJwt(token);
    expect(jwt.header).toEqual({ alg: 'ES256', typ: 'JWT', x5c: ['cert'] });
    expect(verifyJwtSignature(jwt, ecKey)).toBe(true);
    expect(decodeJwt(signEs256Jwt({ sub: 'x' }, ec.privateKey, 'k1')).header).toEqual({
      alg: 'ES256',
      typ: 'JWT',
      kid: 'k1',
    });
  });

  it('ignores encryption keys in a JWKS', () => {
    expect(
      verificationKey({ ...rsa.publicKey.export({ format: 'jwk' }), use: 'enc' }),
    ).toBeUndefined();
  });
});

describe('claim checks', () => {
  const now = 1_700_000_000;
  it.each([
    [{ exp: now + 60 }, 'passed'],
    [{ exp: now - 10 }, 'passed'], // within the 30 s skew
    [{ exp: now - 31 }, 'expired'],
    [{}, 'malformed'],
    [{ exp: now + 60, nbf: now + 120 }, 'not_yet_valid'],
    [{ exp: now + 60, iat: now + 10 }, 'passed'],
    [{ exp: now + 60, iat: 'soon' }, 'malformed'],
  ])('times %j → %s', (claims, outcome) => {
    expect(failureOf(() => checkTimes(claims, now, 30))).toMatch(new RegExp(`^${outcome}`));
  });

  it.each([
    ['slipway', 'passed'],
    [['other', 'slipway'], 'passed'],
    ['other', 'wrong_audience'],
    [undefined, 'wrong_audience'],
  ])('audience %j → %s', (aud, outcome) => {
    expect(failureOf(() => checkAudience({ aud }, 'slipway'))).toMatch(new RegExp(`^${outcome}`));
  });

  it('quotes claim values short and without control characters', () => {
    expect(quoteClaim('a\nb')).toBe('"a?b"');
    expect(quoteClaim('x'.repeat(500)).length).toBeLessThan(130);
  });
});
