import { createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { IdentityError } from './identity-error.js';

export type JwtHeader = { readonly alg?: unknown; readonly kid?: unknown; readonly typ?: unknown };
export type JwtClaims = { readonly [claim: string]: unknown };

export type DecodedJwt = {
  readonly header: JwtHeader;
  readonly claims: JwtClaims;
  readonly signingInput: string;
  readonly signature: Buffer;
};

/** A public key from a JWKS, parsed once. */
export type VerificationKey = { readonly jwk: JsonWebKey; readonly key: KeyObject };

/** The algorithms Slipway accepts: the API server signs RS256 (or ES256), Slipway signs ES256. */
export const jwtAlgorithms = ['RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof jwtAlgorithms)[number];

const maxTokenLength = 16 * 1024;
const base64url = /^[A-Za-z0-9_-]+$/;

const malformed = (why: string): IdentityError =>
  new IdentityError('malformed', `the token is not a JWT: ${why}`, {
    hint: 'send the token file content as it is (header.payload.signature)',
  });

function parseSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw malformed(`its ${what} is not base64url JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`its ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Splits and parses a compact JWS without checking anything. Never echoes the token. */
export function decodeJwt(token: string): DecodedJwt {
  if (token.length > maxTokenLength) throw malformed(`it is longer than ${maxTokenLength} bytes`);
  const parts = token.split('.');
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || header === undefined || payload === undefined || !signature) {
    throw malformed('it does not have three dot-separated parts');
  }
  if (!base64url.test(header) || !base64url.test(payload) || !base64url.test(signature)) {
    throw malformed('a part is not base64url');
  }
  return {
    header: parseSegment(header, 'header'),
    claims: parseSegment(payload, 'payload'),
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

export const isJwtAlgorithm = (alg: unknown): alg is JwtAlgorithm =>
  (jwtAlgorithms as readonly unknown[]).includes(alg);

/** Parses a JWK into a key; undefined for keys Slipway cannot verify with (e.g. `use: enc`). */
export function verificationKey(jwk: JsonWebKey): VerificationKey | undefined {
  if (jwk['use'] !== undefined && jwk['use'] !== 'sig') return undefined;
  if (jwk.kty !== 'RSA' && !(jwk.kty === 'EC' && jwk.crv === 'P-256')) return undefined;
  try {
    return { jwk, key: createPublicKey({ key: jwk, format: 'jwk' }) };
  } catch {
    return undefined;
  }
}

/**
 * Checks the signature with the algorithm the header names, but only when the key's type fits
 * that algorithm (and its `alg`, when it has one), so a token cannot choose a weaker reading.
 */
export function verifyJwtSignature(jwt: DecodedJwt, key: VerificationKey): boolean {
  const alg = jwt.header.alg;
  if (key.jwk['alg'] !== undefined && key.jwk['alg'] !== alg) return false;
  const data = Buffer.from(jwt.signingInput);
  if (alg === 'RS256' && key.jwk.kty === 'RSA') {
    return verify('sha256', data, key.key, jwt.signature);
  }
  if (alg === 'ES256' && key.jwk.kty === 'EC' && key.jwk.crv === 'P-256') {
    return verify('sha256', data, { key: key.key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
  }
  return false;
}

const segment = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs claims as a compact ES256 JWT with a P-256 private key. */
export function signEs256Jwt(claims: JwtClaims, privateKey: KeyObject, kid: string): string {
  return signEs256JwtWithHeader({ kid }, claims, privateKey);
}

/**
 * The same with other header fields than `kid` (a registry token names its key by `x5c`, the
 * certificate chain its verifier checks against its root bundle); `alg` and `typ` are fixed.
 */
export function signEs256JwtWithHeader(
  header: Readonly<Record<string, unknown>>,
  claims: JwtClaims,
  privateKey: KeyObject,
): string {
  const fixed = { alg: 'ES256', typ: 'JWT' };
  // The fixed fields come first and win: a header argument cannot choose another algorithm.
  const signingInput = `${segment({ ...fixed, ...header, ...fixed })}.${segment(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}
