import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { InputError } from '../../errors/index.js';
import { clientConfigPath, readClientConfig, writeClientConfig } from '../client-config.js';
import type { Command } from '../command.js';
import { createServerClient, type ServerClient } from '../server-client.js';

type SessionAnswer = { user: string; csrfToken: string };
type TokenAnswer = { token?: { id?: string }; id?: string; secret: string };

export type LogIn = { readonly server: string; readonly token: string; readonly tokenId?: string };

/**
 * Signs in with a password, trades the session for an API token (a session lasts 12 idle hours,
 * a token until revoked) and signs the session out again.
 */
export async function logIn(
  client: ServerClient,
  username: string,
  password: string,
  tokenName = `slipway login on ${hostname()}`,
): Promise<LogIn> {
  const session = await client.request<SessionAnswer>('POST', '/api/session', {
    body: { username, password },
  });
  const cookie = sessionCookie(session.headers);
  if (cookie === undefined || typeof session.body?.csrfToken !== 'string') {
    throw new InputError(`${client.server} signed in "${username}" but sent no session cookie`, {
      hint: 'check that --server points at `slipway up`, not another service',
    });
  }
  const headers = { cookie: `slipway_session=${cookie}`, 'x-csrf-token': session.body.csrfToken };
  const created = await client.request<TokenAnswer>('POST', '/api/tokens', {
    headers,
    body: { name: tokenName },
  });
  // The token is what stays; the session is no longer needed. Best effort: it expires anyway.
  await client.request('DELETE', '/api/session', { headers }).catch(() => undefined);
  const tokenId = created.body.token?.id ?? created.body.id;
  return { server: client.server, token: created.body.secret, ...(tokenId ? { tokenId } : {}) };
}

function sessionCookie(headers: Headers): string | undefined {
  for (const line of headers.getSetCookie()) {
    const match = /^slipway_session=([^;]*)/.exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** The password from $SLIPWAY_PASSWORD, else stdin: typed without echo on a terminal. */
async function readPassword(username: string): Promise<string> {
  const fromEnv = process.env['SLIPWAY_PASSWORD'];
  if (fromEnv !== undefined) return fromEnv;
  const tty = process.stdin.isTTY;
  if (tty) process.stderr.write(`password for ${username}: `);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const lines = createInterface({ input: process.stdin, output: silent, terminal: tty });
  try {
    for await (const line of lines) return line;
  } finally {
    lines.close();
    if (tty) process.stderr.write('\n');
  }
  throw new InputError('no password was given on stdin', {
    hint: 'type it when asked, pipe it in, or set SLIPWAY_PASSWORD',
  });
}

const loginUsage = 'slipway login --server URL [--username USER]';

export const loginCommand: Command = {
  path: ['login'],
  summary:
    'sign in to a Slipway server (password on stdin or $SLIPWAY_PASSWORD) and keep an API token for the CLI',
  usage: loginUsage,
  options: { server: { type: 'string' }, username: { type: 'string' } },
  async run(values, io) {
    const path = clientConfigPath();
    const config = readClientConfig(path);
    const server = (values['server'] as string | undefined) ?? config.server;
    if (server === undefined) {
      throw new InputError('slipway login needs --server', { hint: `usage: ${loginUsage}` });
    }
    const username = (values['username'] as string | undefined) ?? 'admin';
    const password = await readPassword(username);
    const signedIn = await logIn(createServerClient({ server }), username, password);
    // An old token's id must not outlive it (JSON drops the undefined).
    writeClientConfig(path, { ...config, tokenId: undefined, ...signedIn });
    io.out(`signed in to ${signedIn.server} as ${username}; API token saved in ${path}`);
    return 0;
  },
};

export const logoutCommand: Command = {
  path: ['logout'],
  summary: 'revoke the CLI’s API token on the server and forget it',
  usage: 'slipway logout',
  options: {},
  async run(_values, io) {
    const path = clientConfigPath();
    const { token, tokenId, ...rest } = readClientConfig(path);
    if (token === undefined) {
      io.out(`not signed in (no token in ${path})`);
      return 0;
    }
    if (rest.server !== undefined && tokenId !== undefined) {
      const client = createServerClient({ server: rest.server, token });
      try {
        await client.request('DELETE', `/api/tokens/${encodeURIComponent(tokenId)}`);
      } catch (error) {
        io.err(
          `warning: could not revoke the token on ${rest.server}: ${(error as Error).message}`,
        );
      }
    }
    writeClientConfig(path, rest);
    io.out(
      `signed out${rest.server === undefined ? '' : ` of ${rest.server}`}; token removed from ${path}`,
    );
    return 0;
  },
};
