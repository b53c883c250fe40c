import { z } from 'zod';
import { OidcKeySet } from '../../identity/oidc-keys.js';
import type { OidcConfig } from './oidc-config.js';
import { badProof, OidcRefusal } from './oidc-refusal.js';

// The IdP as Slipway talks to it: discovery (once, then cached), the token endpoint and its
// JWKS. Plain fetch; the IdP is reached from the server, never through the browser.

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string().url(),
  token_endpoint: z.string().url(),
  jwks_uri: z.string().url(),
});

export type OidcEndpoints = {
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
};

const tokenAnswerSchema = z.object({ id_token: z.string().min(1) }).passthrough();

const unreachable = (what: string, cause?: unknown): OidcRefusal =>
  new OidcRefusal('unauthenticated', `cannot ${what}`, {
    hint: 'check that the IdP is up and that --oidc-config names its issuer and client',
    ...(cause === undefined ? {} : { cause }),
  });

export class OidcProvider {
  readonly keys: OidcKeySet;
  private endpoints: Promise<OidcEndpoints> | undefined;

  constructor(
    private readonly config: OidcConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.keys = new OidcKeySet({ issuerUrl: config.issuer });
  }

  /** The issuer's endpoints; a failed discovery is tried again on the next call. */
  discover(): Promise<OidcEndpoints> {
    this.endpoints ??= this.fetchDiscovery().catch((error: unknown) => {
      this.endpoints = undefined;
      throw error;
    });
    return this.endpoints;
  }

  /** Exchanges the code (with the PKCE verifier) for the id_token; its raw compact form. */
  async exchangeCode(code: string, codeVerifier: string): Promise<string> {
    const { tokenEndpoint } = await this.discover();
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.config.redirectUrl,
      client_id: this.config.clientId,
      code_verifier: codeVerifier,
    });
    // client_secret_post when there is a secret; a public client (none) relies on PKCE alone.
    if (this.config.clientSecret !== undefined) form.set('client_secret', this.config.clientSecret);
    let response: Response;
    try {
      response = await this.fetchFn(tokenEndpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (cause) {
      throw unreachable('reach the IdP token endpoint', cause);
    }
    if (!response.ok) {
      throw badProof(
        `the IdP refused the authorization code (HTTP ${response.status})`,
        'sign in again: a code is good for one use and a short time',
      );
    }
    const answer = tokenAnswerSchema.safeParse(await response.json().catch(() => undefined));
    if (!answer.success)
      throw badProof('the IdP token answer has no id_token', 'add "openid" to scopes');
    return answer.data.id_token;
  }

  private async fetchDiscovery(): Promise<OidcEndpoints> {
    const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await this.fetchFn(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
    } catch (cause) {
      throw unreachable(`read the IdP discovery document ${url}`, cause);
    }
    const parsed = discoverySchema.safeParse(body);
    if (!parsed.success) throw unreachable(`use ${url}: it lacks an endpoint`);
    if (parsed.data.issuer !== this.config.issuer)
      throw unreachable(`use ${url}: it names the issuer "${parsed.data.issuer}"`);
    return {
      authorizationEndpoint: parsed.data.authorization_endpoint,
      tokenEndpoint: parsed.data.token_endpoint,
    };
  }
}
