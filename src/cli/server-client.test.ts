import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredServerClient, createServerClient, ServerError } from './server-client.js';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body,
      });
      const reply = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/api/ok') return reply(200, { items: [1, 2], echo: body });
      if (req.url === '/api/none') return void res.writeHead(204).end();
      if (req.url === '/api/missing') {
        return reply(404, {
          error: {
            code: 'not_found',
            message: 'rollout "web" not found in namespace "shop"',
            hint: 'list them with `slipway rollout list -n shop`',
          },
        });
      }
      if (req.url === '/api/who') {
        return reply(401, { error: { code: 'unauthenticated', message: 'sign in first' } });
      }
      res.writeHead(502).end('<html>bad gateway</html>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('createServerClient', () => {
  it('sends JSON with the Bearer token and parses the answer', async () => {
    const client = createServerClient({ server: `${base}/`, token: 'slw_abc' });
    const { status, body } = await client.request<{ items: number[]; echo: string }>(
      'POST',
      '/api/ok',
      { body: { name: 'ci' } },
    );
    expect(status).toBe(200);
    expect(body).toEqual({ items: [1, 2], echo: '{"name":"ci"}' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/ok',
      authorization: 'Bearer slw_abc',
    });
    expect((await client.request('DELETE', '/api/none')).body).toBeUndefined();
  });

  it("turns the API's error shape into an InputError with the server's message and hint", async () => {
    const client = createServerClient({ server: base });
    const error = await client.request('GET', '/api/missing').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'rollout "web" not found in namespace "shop"',
      hint: 'list them with `slipway rollout list -n shop`',
    });
  });

  it('adds a hint to a 401 without one, and copes with a body that is not the API shape', async () => {
    const client = createServerClient({ server: base });
    await expect(client.request('GET', '/api/who')).rejects.toMatchObject({
      message: 'sign in first',
      hint: expect.stringContaining('slipway login') as unknown,
    });
    await expect(client.request('GET', '/api/other')).rejects.toThrow(
      'the server answered GET /api/other with HTTP 502: <html>bad gateway</html>',
    );
  });

  it('says when the server cannot be reached, and refuses a URL that is not http(s)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      createServerClient({ server: `http://127.0.0.1:${port}` }).request('GET', '/api/ok'),
    ).rejects.toThrow(/cannot reach the Slipway server at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(() => createServerClient({ server: 'ftp://x' })).toThrow('not an http(s) URL');
    expect(() => createServerClient({ server: 'nope' })).toThrow('is not a URL');
  });
});

describe('configuredServerClient', () => {
  it('uses the server and token from the config, and says to log in when there are none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-client-'));
    try {
      const path = join(dir, 'config.json');
      expect(() => configuredServerClient({ SLIPWAY_CONFIG: path })).toThrow(
        /not signed in to a Slipway server/,
      );
      writeFileSync(path, JSON.stringify({ server: base, token: 'slw_saved' }));
      await configuredServerClient({ SLIPWAY_CONFIG: path }).request('GET', '/api/ok');
      expect(seen.at(-1)?.authorization).toBe('Bearer slw_saved');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
