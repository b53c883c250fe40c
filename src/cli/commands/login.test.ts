import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bootstrapAdmin,
  csrfOk,
  openAuthStore,
  type AuthStore,
  type Principal,
} from '../../auth/index.js';
import { runCli } from '../main.js';

// A stand-in for `slipway up`'s API, speaking the shapes in docs/api.md over the real
// authenticator, so the CLI is tested against real HTTP before the server exists.
let dir: string;
let store: AuthStore;
let server: Server;
let base: string;
let password: string;

function cookieOf(req: IncomingMessage): string | undefined {
  return /(?:^|;\s*)slipway_session=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
}

type Reply = (status: number, value?: unknown, headers?: Record<string, string>) => void;

function fail(reply: Reply, status: number, code: string, message: string): void {
  reply(status, { error: { code, message } });
}

async function signIn(reply: Reply, body: string): Promise<void> {
  const { username, password: given } = JSON.parse(body) as Record<string, string>;
  const signedIn = await store.authenticator.signIn(username ?? '', given ?? '');
  if (!signedIn) return fail(reply, 401, 'unauthenticated', 'wrong user name or password');
  reply(
    200,
    { user: username, roles: signedIn.principal.grants, csrfToken: signedIn.csrfToken },
    { 'set-cookie': `slipway_session=${signedIn.sessionId}; HttpOnly; SameSite=Strict; Path=/` },
  );
}

async function signedInRoute(
  req: IncomingMessage,
  reply: Reply,
  body: string,
  principal: Principal,
): Promise<void> {
  const { authenticator } = store;
  if (req.method === 'DELETE' && req.url === '/api/session') {
    await authenticator.signOut(principal.sessionId ?? '');
    return reply(204);
  }
  if (req.method === 'POST' && req.url === '/api/tokens') {
    const { name } = JSON.parse(body) as { name: string };
    return reply(201, await authenticator.createToken(principal.user, name));
  }
  if (req.method === 'GET' && req.url === '/api/tokens') {
    const items = await authenticator.listTokens(principal.user);
    return reply(200, { items, total: items.length, nextCursor: null });
  }
  const revoke = /^\/api\/tokens\/([^/]+)$/.exec(req.url ?? '');
  if (req.method === 'DELETE' && revoke?.[1]) {
    const revoked = await authenticator.revokeToken(principal.user, revoke[1]);
    return revoked ? reply(204) : fail(reply, 404, 'not_found', `no token "${revoke[1]}"`);
  }
  fail(reply, 404, 'not_found', `no route ${req.method} ${req.url}`);
}

async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
  const reply: Reply = (status, value, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(value === undefined ? '' : JSON.stringify(value));
  };
  if (req.method === 'POST' && req.url === '/api/session') return signIn(reply, body);
  const principal = await store.authenticator.identify({
    authorization: req.headers.authorization,
    sessionCookie: cookieOf(req),
  });
  if (!principal) return fail(reply, 401, 'unauthenticated', 'sign in first');
  const csrf = req.headers['x-csrf-token'];
  if (!csrfOk(principal, req.method ?? 'GET', typeof csrf === 'string' ? csrf : undefined)) {
    return fail(reply, 412, 'precondition_failed', 'missing or wrong X-CSRF-Token');
  }
  return signedInRoute(req, reply, body, principal);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'slipway-login-'));
  store = openAuthStore(join(dir, 'slipway.db'));
  password = (await bootstrapAdmin(store.db)) ?? '';
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => void handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env['SLIPWAY_CONFIG'] = join(dir, 'config', 'slipway.json');
});

afterAll(async () => {
  delete process.env['SLIPWAY_CONFIG'];
  delete process.env['SLIPWAY_PASSWORD'];
  await new Promise((resolve) => server.close(resolve));
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function savedConfig(): Record<string, string> {
  return JSON.parse(readFileSync(process.env['SLIPWAY_CONFIG'] ?? '', 'utf8')) as Record<
    string,
    string
  >;
}

describe('slipway login, token and logout', () => {
  it('a wrong password is refused with the server’s message and nothing is saved', async () => {
    process.env['SLIPWAY_PASSWORD'] = 'not-the-password';
    const { code, err } = await cli('login', '--server', base);
    expect(code).toBe(2);
    expect(err).toContain('wrong user name or password');
  });

  it('signs in, keeps only an API token (mode 0600), and ends the session it used', async () => {
    process.env['SLIPWAY_PASSWORD'] = password;
    const { code, out, err } = await cli('login', '--server', base, '--username', 'admin');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`signed in to ${base} as admin`);
    const config = savedConfig();
    expect(config['server']).toBe(base);
    expect(config['token']).toMatch(/^slw_/);
    expect(JSON.stringify(config)).not.toContain(password);
    expect(statSync(process.env['SLIPWAY_CONFIG'] ?? '').mode & 0o777).toBe(0o600);
    const sessions = store.db.prepare('SELECT COUNT(*) AS n FROM sessions').get();
    expect(sessions).toEqual({ n: 0 });
  });

  it('creates, lists and revokes tokens with the saved one', async () => {
    const created = await cli('token', 'create', 'github actions');
    expect(created.code).toBe(0);
    const secret = created.out.split('\n')[1] ?? '';
    expect(secret).toMatch(/^slw_/);
    const id = /id (\w+)/.exec(created.out)?.[1] ?? '';
    const listed = await cli('token', 'list');
    expect(listed.out).toMatch(/^ID\s+NAME\s+CREATED\s+LAST USED/);
    expect(listed.out).toContain('github actions');
    expect(listed.out).toContain('slipway login on');
    expect((await cli('token', 'revoke', id)).out).toBe(`token ${id} revoked`);
    expect(await store.authenticator.identify({ authorization: `Bearer ${secret}` })).toBe(
      undefined,
    );
    const again = await cli('token', 'revoke', id);
    expect(again.code).toBe(2);
    expect(again.err).toContain(`no token "${id}"`);
  });

  it('logout revokes the token on the server and forgets it', async () => {
    const token = savedConfig()['token'] ?? '';
    const { code, out } = await cli('logout');
    expect(code).toBe(0);
    expect(out).toContain(`signed out of ${base}`);
    expect(savedConfig()).toEqual({ server: base });
    expect(await store.authenticator.identify({ authorization: `Bearer ${token}` })).toBe(
      undefined,
    );
    const after = await cli('token', 'list');
    expect(after.code).toBe(2);
    expect(after.err).toContain('slipway login --server URL');
  });
});
