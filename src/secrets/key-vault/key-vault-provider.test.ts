import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import { closeTestVaults, openTestVault, rejection } from './double/index.js';
import { KeyVaultSecretProvider, keyVaultApiVersion } from './key-vault-provider.js';
import { workloadIdentityCredential, workloadIdentityFromEnv } from './workload-identity.js';

// Azure is out of reach here: these run the official SDK against double/, a loopback https
// server speaking Key Vault's documented REST format and Entra ID's token endpoint.

const canary = 'CANARY-kv-4d2f-value';

afterEach(closeTestVaults);

describe('the Azure Key Vault provider (SDK against a loopback double)', () => {
  it('reads the newest version, or a given one', async () => {
    const { vault } = await openTestVault();
    const first = await vault.set('db-password', 'one');
    const second = await vault.set('db-password', canary);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(await vault.get('db-password')).toMatchObject({
      name: 'db-password',
      version: second,
      value: canary,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect(await vault.get('db-password', first)).toMatchObject({ version: first, value: 'one' });
  });

  it('lists versions oldest first and secrets by name, across pages', async () => {
    const { vault } = await openTestVault({ pageSize: 2 });
    const versions = [
      await vault.set('a', '1'),
      await vault.set('a', '2'),
      await vault.set('a', '3'),
    ];
    await vault.set('zeta', 'z');
    await vault.set('db-password', 'p');
    expect((await vault.versions('a')).map((v) => v.version)).toEqual(versions);
    expect((await vault.list()).map((s) => s.name)).toEqual(['a', 'db-password', 'zeta']);
    expect((await vault.list('db')).map((s) => s.name)).toEqual(['db-password']);
  });

  it('answers not-found for a missing secret or version', async () => {
    const { vault } = await openTestVault();
    await vault.set('db-password', 'one');
    const missing = await rejection(vault.get('nope'));
    expect(missing).toBeInstanceOf(SecretNotFoundError);
    expect(missing.message).toBe('secret nope not found');
    const noVersion = await rejection(vault.get('db-password', 'f'.repeat(32)));
    expect(noVersion.message).toBe(`secret db-password has no version ${'f'.repeat(32)}`);
    expect(await rejection(vault.versions('nope'))).toBeInstanceOf(SecretNotFoundError);
  });

  it('soft-deletes, says a deleted secret can be recovered, recovers, and purges', async () => {
    const { vault } = await openTestVault();
    await vault.set('token', 'a');
    await vault.delete('token');
    const error = (await rejection(vault.get('token'))) as SecretNotFoundError;
    expect(error.softDeleted).toBe(true);
    expect(error.describe()).toMatch(/soft-deleted at .*recover/);
    expect(await rejection(vault.set('token', 'b'))).toBeInstanceOf(SecretConflictError);
    expect((await vault.list()).map((s) => s.name)).toEqual([]);
    await vault.recover('token');
    expect((await vault.get('token')).value).toBe('a');
    const live = (await rejection(vault.purge('token'))) as SecretNotFoundError;
    expect(live.describe()).toMatch(/delete it first/);
    await vault.delete('token');
    await vault.purge('token');
    expect(((await rejection(vault.get('token'))) as SecretNotFoundError).softDeleted).toBe(false);
    expect(await rejection(vault.delete('token'))).toBeInstanceOf(SecretNotFoundError);
  });

  it('authenticates as Key Vault asks: challenge first, then one token for every call', async () => {
    const { double, vault } = await openTestVault();
    await vault.set('a', '1');
    await Promise.all([vault.get('a'), vault.list(), vault.versions('a')]);
    const vaultCalls = double.requests.filter(
      (r) => !r.path.includes('oauth2') && !r.path.includes('well-known'),
    );
    expect(vaultCalls[0]).toMatchObject({ method: 'PUT', path: '/secrets/a' });
    // The unauthenticated first attempt carries neither a token nor the value.
    expect(vaultCalls[0]?.authorization).toBeUndefined();
    expect(vaultCalls[0]?.bodyBytes).toBe(0);
    expect(vaultCalls[1]).toMatchObject({ method: 'PUT', path: '/secrets/a' });
    expect(vaultCalls[1]?.bodyBytes).toBeGreaterThan(0);
    for (const call of vaultCalls.slice(1)) expect(call.authorization).toMatch(/^Bearer [\w-]+$/);
    for (const call of vaultCalls) expect(call.query['api-version']).toBe(keyVaultApiVersion);
    expect(vaultCalls.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /secrets/a/', 'GET /secrets', 'GET /secrets/a/versions']),
    );
    expect(double.tokenForms).toHaveLength(1);
  });

  it('lets tokens go only to an https vault origin', async () => {
    const { env } = await openTestVault();
    const credential = workloadIdentityCredential(workloadIdentityFromEnv(env));
    for (const vaultUrl of [
      'http://my-vault.vault.azure.net',
      'https://u:p@my-vault.vault.azure.net',
      'https://my-vault.vault.azure.net/secrets',
      'my-vault',
    ]) {
      expect(() => new KeyVaultSecretProvider({ vaultUrl, credential })).toThrow(InputError);
    }
    expect(
      () =>
        new KeyVaultSecretProvider({ vaultUrl: 'https://my-vault.vault.azure.net/', credential }),
    ).not.toThrow();
  });

  it("checks by default that the challenge's resource is the vault's domain", async () => {
    const { vault, double } = await openTestVault({ verifyChallengeResource: true });
    const error = await rejection(vault.get('a'));
    expect(error.message).toMatch(/challenge resource 'vault.azure.net' does not match/);
    expect(double.tokenForms).toEqual([]);
  });

  it.each(['../a', 'a/b', 'a_b', 'a.b', '', 'x'.repeat(128)])(
    'rejects the name %j before any request',
    async (name) => {
      const { double, vault } = await openTestVault();
      expect(await rejection(vault.get(name))).toBeInstanceOf(InputError);
      expect(double.requests).toEqual([]);
    },
  );

  it("refuses a value over Key Vault's 25 KB without sending or echoing it", async () => {
    const { double, vault } = await openTestVault();
    const error = await rejection(vault.set('big', `${canary}${'x'.repeat(25 * 1024)}`));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/the limit is 25600 bytes/);
    expect(error.message).not.toContain('CANARY');
    expect(double.requests).toEqual([]);
  });
});
