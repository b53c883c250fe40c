import type { JsonWebKey } from 'node:crypto';
import { z } from 'zod';
import { IdentityError } from './identity-error.js';
import { httpsJsonFetcher, type FetchJson } from './https-json.js';
import { verificationKey, type VerificationKey } from './jwt.js';

export type OidcKeySetOptions = {
  /** The issuer exactly as it appears in `iss` (e.g. the API server's --service-account-issuer). */
  readonly issuerUrl: string;
  /** The issuer's JWKS, when known; otherwise found by OIDC discovery (its jwks_uri). */
  readonly jwksUrl?: string;
  /** CA for the issuer's HTTPS endpoints, when it is not publicly trusted. */
  readonly ca?: Buffer;
  readonly fetchJson?: FetchJson;
  /** An unknown kid refetches the JWKS at most this often (a forged kid must not flood the issuer). */
  readonly minRefetchMs?: number;
  /** Keys are refetched when older than this, even if every kid is known. */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
};

const discoverySchema = z.object({ issuer: z.string(), jwks_uri: z.string().url() });
const jwksSchema = z.object({ keys: z.array(z.object({ kty: z.string() }).passthrough()) });

/**
 * An OIDC issuer's signing keys, found by discovery (/.well-known/openid-configuration, then
 * jwks_uri) and cached; a token naming a kid not in the cache triggers one rate-limited refetch,
 * which is how an issuer's key rotation is picked up.
 */
export class OidcKeySet {
  readonly issuerUrl: string;
  private readonly jwksUrl: string | undefined;
  private readonly fetchJson: FetchJson;
  private readonly minRefetchMs: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private keys = new Map<string, VerificationKey>();
  private fetchedAt: number | undefined;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | undefined;

  constructor(options: OidcKeySetOptions) {
    this.issuerUrl = options.issuerUrl;
    this.jwksUrl = options.jwksUrl;
    this.fetchJson =
      options.fetchJson ?? httpsJsonFetcher(options.ca ? { ca: options.ca } : undefined);
    this.minRefetchMs = options.minRefetchMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
  }

  /** The key for a token's kid (a token without kid matches an issuer with one key). */
  async keyFor(kid: unknown): Promise<VerificationKey | undefined> {
    const now = this.now();
    if (this.fetchedAt === undefined || now - this.fetchedAt > this.maxAgeMs) {
      await this.refresh(this.fetchedAt === undefined);
    }
    const known = this.find(kid);
    if (known !== undefined || now - this.attemptedAt < this.minRefetchMs) return known;
    await this.refresh(false);
    return this.find(kid);
  }

  private find(kid: unknown): VerificationKey | undefined {
    if (typeof kid === 'string') return this.keys.get(kid);
    if (kid === undefined && this.keys.size === 1) return [...this.keys.values()][0];
    return undefined;
  }

  /** One fetch at a time; a failure keeps the old keys unless there are none yet. */
  private async refresh(mustSucceed: boolean): Promise<void> {
    this.inflight ??= this.fetchKeys().finally(() => (this.inflight = undefined));
    try {
      await this.inflight;
    } catch (error) {
      if (mustSucceed || this.keys.size === 0) throw error;
    }
  }

  private async fetchKeys(): Promise<void> {
    this.attemptedAt = this.now();
    const jwksUrl = this.jwksUrl ?? (await this.discoverJwksUrl());
    const jwks = jwksSchema.safeParse(await this.read(jwksUrl));
    if (!jwks.success) throw this.unreadable(jwksUrl, 'it is not a JWKS');
    const keys = new Map<string, VerificationKey>();
    for (const jwk of jwks.data.keys as JsonWebKey[]) {
      const key = verificationKey(jwk);
      if (key !== undefined) keys.set(typeof jwk['kid'] === 'string' ? jwk['kid'] : '', key);
    }
    this.keys = keys;
    this.fetchedAt = this.now();
  }

  private async discoverJwksUrl(): Promise<string> {
    const discoveryUrl = `${this.issuerUrl.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const discovery = discoverySchema.safeParse(await this.read(discoveryUrl));
    if (!discovery.success) throw this.unreadable(discoveryUrl, 'it has no issuer and jwks_uri');
    if (discovery.data.issuer !== this.issuerUrl) {
      throw this.unreadable(
        discoveryUrl,
        `it names issuer "${discovery.data.issuer}", not "${this.issuerUrl}"`,
      );
    }
    return discovery.data.jwks_uri;
  }

  private async read(url: string): Promise<unknown> {
    try {
      return await this.fetchJson(url);
    } catch (error) {
      throw this.unreadable(url, error instanceof Error ? error.message : String(error), error);
    }
  }

  private unreadable(url: string, why: string, cause?: unknown): IdentityError {
    return new IdentityError('unavailable', `cannot read the issuer's keys from ${url}: ${why}`, {
      hint: 'check that the issuer is reachable and serves OIDC discovery anonymously',
      cause,
    });
  }
}
