import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, PreconditionError } from '../../errors/index.js';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import { checkServiceUrl } from './https-client.js';
import { startKeyVaultDouble, type KeyVaultDouble } from './key-vault-double.js';
import { KeyVaultSecretProvider } from './key-vault-provider.js';
import {
  WorkloadIdentityTokenSource,
  clientAssertionType,
  workloadIdentityFromEnv,
  type TokenSource,
} from './token-source.js';

// Azure is out of reach here: these tests run against key-vault-double.ts, a loopback server
// that speaks Key Vault's documented REST format and Entra ID's token endpoint.

const tenantId = 'contoso-tenant';
const clientId = '00000000-0000-0000-0000-00000000c11e';
const federatedToken = 'eyJhbGciOiJSUzI1NiJ9.projected-service-account-token.sig';
const canary = 'CANARY-kv-4d2f-value';

const doubles: KeyVaultDouble[] = [];
afterEach(async () => {
  await Promise.all(doubles.splice(0).map((d) => d.close()));
});

function env(double: KeyVaultDouble, token = federatedToken): NodeJS.ProcessEnv {
  const file = join(mkdtempSync(join(tmpdir(), 'slipway-wi-')), 'azure-identity-token');
  writeFileSync(file, `${token}\n`);
  return {
    AZURE_CLIENT_ID: clientId,
    AZURE_TENANT_ID: tenantId,
    AZURE_FEDERATED_TOKEN_FILE: file,
    AZURE_AUTHORITY_HOST: `${double.url}/`,
  };
}

async function setup(
  options: { token?: string; tls?: { key: string; cert: string }; ca?: string } = {},
): Promise<{ double: KeyVaultDouble; vault: KeyVaultSecretProvider; tokens: TokenSource }> {
  const double = await startKeyVaultDouble({
    tenantId,
    clientId,
    federatedToken,
    ...(options.tls ? { tls: options.tls } : {}),
  });
  doubles.push(double);
  const https = options.ca === undefined ? {} : { ca: options.ca };
  const tokens = new WorkloadIdentityTokenSource(
    workloadIdentityFromEnv(env(double, options.token)),
    https,
  );
  return {
    double,
    tokens,
    vault: new KeyVaultSecretProvider({ vaultUrl: double.url, tokenSource: tokens, ...https }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('the Azure Key Vault provider (against a loopback double)', () => {
  it('writes versions, reads the newest or a given one, and lists across pages', async () => {
    const { vault } = await setup();
    const first = await vault.set('db-password', 'one');
    const second = await vault.set('db-password', canary);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(await vault.get('db-password')).toMatchObject({
      name: 'db-password',
      version: second,
      value: canary,
    });
    expect((await vault.get('db-password', first)).value).toBe('one');
    expect((await vault.versions('db-password')).map((v) => v.version)).toEqual([first, second]);
    await vault.set('api-key', 'k');
    await vault.set('zeta', 'z');
    expect((await vault.list()).map((s) => s.name)).toEqual(['api-key', 'db-password', 'zeta']);
    expect((await vault.list('db')).map((s) => s.name)).toEqual(['db-password']);
    const missing = await rejection(vault.get('db-password', 'f'.repeat(32)));
    expect(missing).toBeInstanceOf(SecretNotFoundError);
  });

  it('soft-deletes, says a deleted secret can be recovered, recovers, and purges', async () => {
    const { vault } = await setup();
    await vault.set('token', 'a');
    await vault.delete('token');
    const error = await rejection(vault.get('token'));
    expect((error as SecretNotFoundError).softDeleted).toBe(true);
    expect((error as SecretNotFoundError).describe()).toMatch(/soft-deleted at .*recover/);
    expect(await rejection(vault.set('token', 'b'))).toBeInstanceOf(SecretConflictError);
    await vault.recover('token');
    expect((await vault.get('token')).value).toBe('a');
    const live = await rejection(vault.purge('token'));
    expect((live as SecretNotFoundError).describe()).toMatch(/delete it first/);
    await vault.delete('token');
    await vault.purge('token');
    expect(((await rejection(vault.get('token'))) as SecretNotFoundError).softDeleted).toBe(false);
  });

  it('sends the documented request shapes: api-version 7.4 and a Bearer token on every call', async () => {
    const { double, vault } = await setup();
    await vault.set('a', '1');
    await Promise.all([vault.get('a'), vault.list(), vault.versions('a')]);
    const vaultCalls = double.requests.filter((r) => !r.path.endsWith('/token'));
    expect(vaultCalls.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'PUT /secrets/a',
        'GET /secrets/a',
        'GET /secrets',
        'GET /secrets/a/versions',
      ]),
    );
    for (const call of vaultCalls) {
      expect(call.query['api-version']).toBe('7.4');
      expect(call.authorization).toMatch(/^Bearer [A-Za-z0-9_-]+$/);
    }
    // One exchange for all of them: the token is cached, and concurrent callers share one.
    expect(double.tokenRequests()).toBe(1);
  });

  it('the token source posts the client-assertion grant with the federated token', async () => {
    const double = await startKeyVaultDouble({ tenantId, clientId, federatedToken });
    doubles.push(double);
    const seen: URLSearchParams[] = [];
    const spy = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(new URLSearchParams(body));
        expect(req.url).toBe(`/${tenantId}/oauth2/v2.0/token`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: 'tok' }));
      });
    });
    await new Promise<void>((resolve) => spy.listen(0, '127.0.0.1', resolve));
    const port = (spy.address() as AddressInfo).port;
    const config = workloadIdentityFromEnv({
      ...env(double),
      AZURE_AUTHORITY_HOST: `http://127.0.0.1:${port}`,
    });
    const source = new WorkloadIdentityTokenSource(config);
    const [a, b] = await Promise.all([source.token(), source.token()]);
    spy.close();
    expect([a, b]).toEqual(['tok', 'tok']);
    expect(seen).toHaveLength(1);
    expect(Object.fromEntries(seen[0] ?? [])).toEqual({
      client_id: clientId,
      scope: 'https://vault.azure.net/.default',
      grant_type: 'client_credentials',
      client_assertion_type: clientAssertionType,
      client_assertion: federatedToken,
    });
  });

  it('fails clearly when Entra ID refuses the federated token, without echoing it', async () => {
    const { vault } = await setup({ token: 'eyJ.wrong-sa-token.sig' });
    const error = await rejection(vault.get('a'));
    expect(error.message).toMatch(
      /refused the workload identity token exchange \(invalid_client\): AADSTS700213/,
    );
    expect(error.message).not.toContain('wrong-sa-token');
  });

  it('names the missing workload identity variable', () => {
    expect(() => workloadIdentityFromEnv({ AZURE_CLIENT_ID: 'x', AZURE_TENANT_ID: 't' })).toThrow(
      PreconditionError,
    );
    expect(() => workloadIdentityFromEnv({ AZURE_CLIENT_ID: 'x', AZURE_TENANT_ID: 't' })).toThrow(
      /AZURE_FEDERATED_TOKEN_FILE is not set/,
    );
  });

  it("reports a rejected token with Key Vault's error code and what to check", async () => {
    const { double, vault } = await setup();
    await vault.set('a', '1');
    double.revokeTokens();
    const error = await rejection(vault.get('a'));
    expect(error.message).toMatch(/answered 401 to GET \/secrets\/a \(Unauthorized\): AKV10000/);
    expect((error as PreconditionError).describe()).toMatch(/Key Vault Secrets User/);
    expect(error.message).not.toMatch(/Bearer [A-Za-z0-9_-]{10}/);
  });

  it.each(['../a', 'a/b', 'a_b', 'a.b', '', 'x'.repeat(128)])(
    'rejects the name %j before any request',
    async (name) => {
      const { double, vault } = await setup();
      expect(await rejection(vault.get(name))).toBeInstanceOf(InputError);
      expect(double.requests).toEqual([]);
    },
  );

  it("refuses a value over Key Vault's 25 KB without sending or echoing it", async () => {
    const { double, vault } = await setup();
    const error = await rejection(vault.set('big', `${canary}${'x'.repeat(25 * 1024)}`));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/the limit is 25600 bytes/);
    expect(error.message).not.toContain('CANARY');
    expect(double.requests).toEqual([]);
  });

  it('does not follow a nextLink to another host (the token would go with it)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: [], nextLink: 'https://evil.example/secrets?$skiptoken=1' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const vault = new KeyVaultSecretProvider({
      vaultUrl: url,
      tokenSource: { token: () => Promise.resolve('t') },
    });
    await expect(vault.list()).rejects.toThrow(/nextLink to another host/);
    server.close();
  });

  it('sends tokens only over https, or http to a loopback address', () => {
    expect(() => checkServiceUrl('http://myvault.vault.azure.net', 'vaultUrl')).toThrow(
      /must be an https URL/,
    );
    expect(() => checkServiceUrl('https://u:p@myvault.vault.azure.net', 'vaultUrl')).toThrow(
      InputError,
    );
    expect(checkServiceUrl('https://myvault.vault.azure.net', 'vaultUrl').host).toBe(
      'myvault.vault.azure.net',
    );
  });

  it('works over https with a self-signed certificate made by openssl, and only when it is trusted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-kv-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const tls = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
    const { vault, double } = await setup({ tls, ca: tls.cert });
    expect(double.url).toMatch(/^https:/);
    await vault.set('tls-secret', 'over-tls');
    expect((await vault.get('tls-secret')).value).toBe('over-tls');
    const untrusting = new KeyVaultSecretProvider({
      vaultUrl: double.url,
      tokenSource: { token: () => Promise.resolve('t') },
    });
    await expect(untrusting.get('tls-secret')).rejects.toThrow(/cannot reach .*self-signed/);
  });
});
