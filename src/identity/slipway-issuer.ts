import { randomUUID, type JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { InputError } from '../errors/index.js';
import { checkAudience, checkIssuer, checkTimes } from './claim-checks.js';
import { IdentityError } from './identity-error.js';
import {
  decodeJwt,
  signEs256Jwt,
  verificationKey,
  verifyJwtSignature,
  type JwtClaims,
} from './jwt.js';
import {
  loadSigningKeys,
  newSigningKey,
  retire,
  saveSigningKeys,
  type SigningKey,
} from './signing-keys.js';

export type SlipwayIssuerOptions = {
  /** Slipway's external URL; the `iss` of its tokens and the base of its discovery document. */
  readonly issuerUrl: string;
  /** The key file lives at <stateDir>/identity/signing-keys.json. */
  readonly stateDir: string;
  /** Milliseconds since the epoch. */
  readonly now?: () => number;
  /** No token lives longer; a retired key is kept this long (plus skew) after retirement. */
  readonly maxTtlSeconds?: number;
  readonly skewSeconds?: number;
};

export type AccessTokenRequest = {
  readonly sub: string;
  readonly aud: string;
  readonly ttlSeconds?: number;
  readonly claims?: JwtClaims;
};

export type IssuedAccessToken = {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly claims: JwtClaims;
};

const reservedClaims = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti']);
export const defaultAccessTokenTtlSeconds = 600;

/**
 * Slipway as an OIDC issuer: signs short-lived ES256 access tokens, publishes discovery and JWKS
 * so others can verify them, and rotates its key while keeping the previous one verifiable until
 * every token it signed has expired.
 */
export class SlipwayIssuer {
  private constructor(
    readonly issuerUrl: string,
    readonly keyFile: string,
    private keys: SigningKey[],
    private readonly now: () => number,
    readonly maxTtlSeconds: number,
    private readonly skewSeconds: number,
  ) {}

  static async open(options: SlipwayIssuerOptions): Promise<SlipwayIssuer> {
    const now = options.now ?? Date.now;
    const file = join(options.stateDir, 'identity', 'signing-keys.json');
    const keys = await loadSigningKeys(file, Math.floor(now() / 1000));
    return new SlipwayIssuer(
      options.issuerUrl.replace(/\/$/, ''),
      file,
      keys,
      now,
      options.maxTtlSeconds ?? 3600,
      options.skewSeconds ?? 30,
    );
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private get active(): SigningKey {
    const active = this.keys.find((k) => k.retiredAt === undefined) ?? this.keys[0];
    if (active === undefined) throw new Error('Slipway has no signing key'); // open() makes one
    return active;
  }

  /** Keys whose tokens may still be alive: the active one and recently retired ones. */
  private verificationKeys(): SigningKey[] {
    const cutoff = this.seconds() - this.maxTtlSeconds - this.skewSeconds;
    return this.keys.filter((k) => k.retiredAt === undefined || k.retiredAt > cutoff);
  }

  issueAccessToken(request: AccessTokenRequest): IssuedAccessToken {
    const ttl = request.ttlSeconds ?? defaultAccessTokenTtlSeconds;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > this.maxTtlSeconds) {
      throw new InputError(
        `token lifetime ${ttl}s is not between 1 and ${this.maxTtlSeconds} seconds`,
      );
    }
    const reserved = Object.keys(request.claims ?? {}).filter((c) => reservedClaims.has(c));
    if (reserved.length > 0) {
      throw new InputError(`extra claims may not set ${reserved.join(', ')}`, {
        hint: 'pass sub, aud and ttlSeconds as their own fields',
      });
    }
    const iat = this.seconds();
    const claims: JwtClaims = {
      ...request.claims,
      iss: this.issuerUrl,
      sub: request.sub,
      aud: request.aud,
      iat,
      nbf: iat,
      exp: iat + ttl,
      jti: randomUUID(),
    };
    const key = this.active;
    return { accessToken: signEs256Jwt(claims, key.privateKey, key.kid), expiresIn: ttl, claims };
  }

  /** Verifies one of Slipway's own tokens for `audience`; returns its claims. */
  verifyAccessToken(token: string, options: { readonly audience: string }): JwtClaims {
    const jwt = decodeJwt(token);
    checkIssuer(jwt.claims, this.issuerUrl);
    const signing = this.verificationKeys().find((k) => k.kid === jwt.header.kid);
    if (signing === undefined) {
      throw new IdentityError(
        'unknown_key',
        `the token is signed with a key Slipway no longer (or never) published (kid ${JSON.stringify(jwt.header.kid)})`,
        { hint: 'request a new token' },
      );
    }
    const key = verificationKey(signing.publicJwk);
    if (key === undefined || jwt.header.alg !== 'ES256' || !verifyJwtSignature(jwt, key)) {
      throw new IdentityError('bad_signature', "the token's signature does not verify");
    }
    checkAudience(jwt.claims, options.audience);
    checkTimes(jwt.claims, this.now() / 1000, this.skewSeconds);
    return jwt.claims;
  }

  /** A new active key; the previous one verifies until its tokens have expired, then is dropped. */
  async rotate(): Promise<void> {
    const now = this.seconds();
    const kept = this.verificationKeys().map((k) =>
      k.retiredAt === undefined ? retire(k, now) : k,
    );
    this.keys = [newSigningKey(now), ...kept];
    await saveSigningKeys(this.keyFile, this.keys);
  }

  /** Rotates when the active key is older than `maxAgeSeconds` (a timer in the server calls it). */
  async rotateIfOlderThan(maxAgeSeconds: number): Promise<boolean> {
    if (this.seconds() - this.active.createdAt < maxAgeSeconds) return false;
    await this.rotate();
    return true;
  }

  jwks(): { keys: JsonWebKey[] } {
    return { keys: this.verificationKeys().map((k) => k.publicJwk) };
  }

  discoveryDocument(): Record<string, unknown> {
    return {
      issuer: this.issuerUrl,
      jwks_uri: `${this.issuerUrl}/jwks.json`,
      token_endpoint: `${this.issuerUrl}/api/identity/token`,
      grant_types_supported: [
        'urn:ietf:params:oauth:grant-type:token-exchange',
        'client_credentials',
      ],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'],
    };
  }
}
