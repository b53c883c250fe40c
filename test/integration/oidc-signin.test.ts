/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any -- the test reads JSON answers loosely, as a client would */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openAuthStore, startExternalSession, type AuthStore } from '../../src/auth/index.js';
import { createOidcSignIn, type OidcConfig } from '../../src/auth/oidc/index.js';
import { buildApiServer, sqliteDeliveryStore } from '../../src/server/api/index.js';
import { offlineApiDeps } from '../../src/server/api/testing-server.js';
import { SqliteRunStore } from '../../src/store/index.js';

// Sign-in through an OIDC IdP, end to end over real HTTP on 127.0.0.1. No real IdP is reachable
// from the test environment, so the IdP is a test double: a small node:http server implementing
// discovery, JWKS, /authorize (approves at once) and /token (PKCE checked, an RS256 id_token
// signed with a key generated here). Slipway's side is the real API server and auth store.

const clientId = 'slipway';
const clientSecret = 'idp-client-secret';

type Person = { sub: string; email: string; groups: string[] };
/** Changes the next id_token's claims, to play an IdP that misbehaves or an attacker. */
type Tamper = (claims: Record<string, unknown>) => Record<string, unknown>;

class LoopbackIdp {
  readonly server: Server = createServer((req, res) => void this.handle(req, res));
  readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  issuer = '';
  person: Person = { sub: 'alice', email: 'alice@example.com', groups: ['devs'] };
  tamper: Tamper = (claims) => claims;
  private readonly codes = new Map<
    string,
    { nonce: string; challenge: string; redirect: string }
  >();

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      json(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/jwks`,
      });
    } else if (url.pathname === '/jwks') {
      const jwk = this.keys.publicKey.export({ format: 'jwk' });
      json(200, { keys: [{ ...jwk, kid: 'k1', use: 'sig', alg: 'RS256' }] });
    } else if (url.pathname === '/authorize') {
      this.authorize(url, res);
    } else if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const answer = this.token(form);
      json(answer.status, answer.body);
    } else {
      json(404, { error: 'not_found' });
    }
  }

  private authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const ok =
      q.get('response_type') === 'code' &&
      q.get('client_id') === clientId &&
      q.get('code_challenge_method') === 'S256' &&
      (q.get('scope') ?? '').split(' ').includes('openid');
    if (!ok) {
      res.writeHead(400).end('bad authorization request');
      return;
    }
    const code = `code-${this.codes.size + 1}-${Date.now()}`;
    const redirect = q.get('redirect_uri') ?? '';
    this.codes.set(code, {
      nonce: q.get('nonce') ?? '',
      challenge: q.get('code_challenge') ?? '',
      redirect,
    });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: back.toString() }).end();
  }

  private token(form: URLSearchParams): { status: number; body: unknown } {
    const grant = this.codes.get(form.get('code') ?? '');
    this.codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      grant === undefined ||
      grant.challenge !== challenge ||
      grant.redirect !== form.get('redirect_uri') ||
      form.get('client_id') !== clientId ||
      form.get('client_secret') !== clientSecret
    ) {
      return { status: 400, body: { error: 'invalid_grant' } };
    }
    const now = Math.floor(Date.now() / 1000);
    const claims = this.tamper({
      iss: this.issuer,
      aud: clientId,
      sub: this.person.sub,
      email: this.person.email,
      email_verified: true,
      groups: this.person.groups,
      nonce: grant.nonce,
      iat: now,
      exp: now + 300,
    });
    return {
      status: 200,
      body: {
        access_token: 'at',
        token_type: 'Bearer',
        id_token: rs256(claims, this.keys.privateKey),
      },
    };
  }
}

function rs256(claims: unknown, key: KeyObject): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${part({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${part(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** `name=value` of a Set-Cookie header for `name`, or undefined. */
const cookieFrom = (response: Response, name: string): string | undefined =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith(`${name}=`));

describe('OIDC sign-in', () => {
  const idp = new LoopbackIdp();
  let auth: AuthStore;
  let runs: SqliteRunStore;
  let app: ReturnType<typeof buildApiServer>;
  let base = '';

  beforeAll(async () => {
    await idp.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config: OidcConfig = {
      name: 'Loopback IdP',
      issuer: idp.issuer,
      clientId,
      clientSecret,
      redirectUrl: `${base}/api/session/oidc/callback`,
      scopes: ['openid', 'profile', 'email', 'groups'],
      groupsClaim: 'groups',
      userClaim: 'sub',
      grants: [
        { group: 'devs', role: 'deployer', project: '*' },
        { group: 'ops', role: 'admin', project: 'shop' },
      ],
    };
    runs = new SqliteRunStore(':memory:');
    auth = openAuthStore(':memory:');
    app = buildApiServer(
      offlineApiDeps(auth, runs, {
        delivery: sqliteDeliveryStore(auth.db),
        oidc: createOidcSignIn(config, {
          startSession: (user, grants) => startExternalSession(auth.db, user, grants, new Date()),
        }),
      }),
    );
    await app.listen({ host: '127.0.0.1', port });
  });
  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => idp.server.close(resolve));
    auth.close();
    runs.close();
  });
  beforeEach(() => {
    idp.person = { sub: 'alice', email: 'alice@example.com', groups: ['devs'] };
    idp.tamper = (claims) => claims;
  });

  /** Login → IdP → the callback URL, as a browser would follow it (without calling it yet). */
  const startLogin = async (): Promise<{ callback: string; loginCookie: string }> => {
    const login = await fetch(`${base}/api/session/oidc/login`, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const location = login.headers.get('location') ?? '';
    expect(location.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
    const params = new URL(location).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    const loginCookie = cookieFrom(login, 'slipway_oidc_login') ?? '';
    expect(loginCookie).not.toBe('');
    const authorize = await fetch(location, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    return { callback: authorize.headers.get('location') ?? '', loginCookie };
  };

  const callback = (url: string, cookie?: string): Promise<Response> =>
    fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } });

  const signInAndExpectRefusal = async (status: number, message: RegExp): Promise<void> => {
    const { callback: url, loginCookie } = await startLogin();
    const res = await callback(url, loginCookie);
    expect(res.status).toBe(status);
    const body: any = await res.json();
    expect(body.error.message).toMatch(message);
    expect(cookieFrom(res, 'slipway_session')).toBeUndefined();
  };

  it('lists the provider for the sign-in page, without a session', async () => {
    const res = await fetch(`${base}/api/session/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { name: 'Loopback IdP', loginUrl: '/api/session/oidc/login' },
    ]);
  });

  it('signs a user of a mapped group in with a normal Slipway session', async () => {
    const { callback: url, loginCookie } = await startLogin();
    const res = await callback(url, loginCookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('slipway_session='));
    expect(setCookie).toMatch(/HttpOnly.*SameSite=Strict.*Path=\//);
    const session = cookieFrom(res, 'slipway_session') ?? '';

    const me = await fetch(`${base}/api/session`, { headers: { cookie: session } });
    expect(me.status).toBe(200);
    const body: any = await me.json();
    expect(body).toMatchObject({
      user: 'oidc:alice',
      roles: [{ role: 'deployer', project: '*' }],
    });
    expect(typeof body.csrfToken).toBe('string');

    // The CSRF token works as after a password sign-in: sign out with it.
    const out = await fetch(`${base}/api/session`, {
      method: 'DELETE',
      headers: { cookie: session, 'x-csrf-token': body.csrfToken },
    });
    expect(out.status).toBe(200);
    const after = await fetch(`${base}/api/session`, { headers: { cookie: session } });
    expect(after.status).toBe(401);
    const audit = await auth.audit.list({ who: 'oidc:alice' });
    expect(audit.some((e) => e.action === 'session.signin' && e.outcome === 'allowed')).toBe(true);
  });

  it('refuses a replayed state (the callback URL used a second time)', async () => {
    const { callback: url, loginCookie } = await startLogin();
    expect((await callback(url, loginCookie)).status).toBe(302);
    const again = await callback(url, loginCookie);
    expect(again.status).toBe(401);
    expect(((await again.json()) as any).error.message).toMatch(/already used/);
  });

  it('refuses a callback in a browser that did not start the login (login CSRF)', async () => {
    const { callback: url } = await startLogin();
    const res = await callback(url);
    expect(res.status).toBe(401);
    expect(cookieFrom(res, 'slipway_session')).toBeUndefined();
  });

  it('refuses an id_token with another nonce', async () => {
    idp.tamper = (claims) => ({ ...claims, nonce: 'a-nonce-from-another-login' });
    await signInAndExpectRefusal(401, /nonce/);
  });

  it('refuses an id_token for another audience', async () => {
    idp.tamper = (claims) => ({ ...claims, aud: 'another-client' });
    await signInAndExpectRefusal(401, /not for this client/);
  });

  it('refuses an expired id_token', async () => {
    const now = Math.floor(Date.now() / 1000);
    idp.tamper = (claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 });
    await signInAndExpectRefusal(401, /expired/);
  });

  it('refuses an id_token from another issuer', async () => {
    idp.tamper = (claims) => ({ ...claims, iss: 'https://evil.example' });
    await signInAndExpectRefusal(401, /another issuer/);
  });

  it('refuses, with 403 and an audit record, a user in no mapped group', async () => {
    idp.person = { sub: 'mallory', email: 'mallory@example.com', groups: ['marketing'] };
    await signInAndExpectRefusal(403, /no group/);
    const audit = await auth.audit.list({ who: 'oidc:mallory' });
    expect(audit[0]).toMatchObject({ action: 'session.signin', outcome: 'denied' });
  });

  it('audits every refusal and shows a browser a page, not JSON', async () => {
    const res = await fetch(`${base}/api/session/oidc/callback?code=x&state=forged`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/Sign-in refused/);
    const denied = (await auth.audit.list({ who: 'anonymous' })).filter(
      (e) => e.action === 'session.signin' && e.outcome === 'denied',
    );
    expect(denied.length).toBeGreaterThanOrEqual(5);
  });
});
