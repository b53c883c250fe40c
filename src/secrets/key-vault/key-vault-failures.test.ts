import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { RestError } from '@azure/keyvault-secrets';
import { afterEach, describe, expect, it } from 'vitest';
import { SlipwayError } from '../../errors/index.js';
import { SecretConflictError } from '../secret-errors.js';
import { closeTestVaults, openTestVault, rejection } from './double/index.js';
import { KeyVaultError, keyVaultFailure } from './key-vault-errors.js';

// What a user sees when Key Vault or Entra ID says no, or cannot be reached: an error naming the
// vault, the operation and the secret, saying what to do, and never holding a value.

const canary = 'CANARY-kv-77e1-value';

afterEach(closeTestVaults);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Everything an error carries that could reach a log: message, hint, fields and causes. */
const everything = (error: Error): string =>
  `${error instanceof SlipwayError ? error.describe() : error.message}\n${inspect(error, { depth: 20, showHidden: true })}`;

describe('Key Vault provider failures', () => {
  it('reports a 403 from the vault with its RBAC code and the role to grant', async () => {
    const { double, vault } = await openTestVault();
    await vault.set('payroll', canary);
    double.deny('payroll');
    const error = await rejection(vault.get('payroll'));
    expect(error).toBeInstanceOf(KeyVaultError);
    expect(error).toMatchObject({ status: 403, code: 'Forbidden' });
    expect(error.message).toMatch(
      /^Key Vault 127\.0\.0\.1:\d+ refused to let this identity read secret payroll \(403 Forbidden\/ForbiddenByRbac\): Caller is not authorized/,
    );
    expect((error as KeyVaultError).describe()).toMatch(/Key Vault Secrets User to read/);
  });

  it('reports a wrong client assertion with Entra ID’s code, without echoing the assertion', async () => {
    const { vault, double } = await openTestVault({ projectedToken: 'eyJ.wrong-sa-token.sig' });
    const error = await rejection(vault.get('db-password'));
    expect(error).toBeInstanceOf(KeyVaultError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_client' });
    expect(error.message).toMatch(
      /^cannot read secret db-password in Key Vault 127\.0\.0\.1:\d+: Entra ID refused the workload identity sign-in \(401 invalid_client\): AADSTS700213: No matching federated identity record/,
    );
    expect((error as KeyVaultError).describe()).toMatch(/issuer .* subject system:serviceaccount/);
    expect(everything(error)).not.toContain('wrong-sa-token');
    expect(double.tokenForms.map((f) => f['client_assertion'])).toEqual(['eyJ.wrong-sa-token.sig']);
  });

  it('reports a vault it cannot reach, naming it and what to check', async () => {
    const { vault } = await openTestVault({ vaultUrl: `https://127.0.0.1:${await closedPort()}` });
    const error = await rejection(vault.get('db-password'));
    expect(error).toBeInstanceOf(KeyVaultError);
    expect(error).toMatchObject({ status: undefined, code: 'ECONNREFUSED' });
    expect(error.message).toMatch(
      /^cannot reach Key Vault 127\.0\.0\.1:\d+ to read secret db-password: .*ECONNREFUSED/,
    );
    expect((error as KeyVaultError).describe()).toMatch(
      /check vaultUrl, DNS, and the network path/,
    );
  });

  it('refuses a vault whose certificate is not trusted, instead of skipping verification', async () => {
    const { vault } = await openTestVault({ trusted: false });
    const error = await rejection(vault.get('db-password'));
    expect(error.message).toMatch(/^cannot reach Key Vault .* certificate/);
  });

  it('reports a token the vault no longer accepts', async () => {
    const { double, vault } = await openTestVault();
    await vault.set('a', '1');
    double.revokeTokens();
    const error = await rejection(vault.get('a'));
    expect(error.message).toMatch(
      /refused to let this identity read secret a \(401 Unauthorized\): AKV10000/,
    );
    expect(error.message).not.toMatch(/Bearer [\w-]{10}/);
  });

  it('does not follow a nextLink to another host (the token would go with it)', async () => {
    const { vault } = await openTestVault({ nextLinkOrigin: 'https://evil.example', pageSize: 1 });
    await vault.set('a', '1');
    await vault.set('b', '2');
    const error = await rejection(vault.list());
    expect(error.message).toMatch(
      /sent a link to another host \(https:\/\/evil\.example\); not followed/,
    );
  });

  it('keeps the value out of every error, its hint, its fields and its causes', async () => {
    const { double, vault } = await openTestVault();
    await vault.set('payroll', canary);
    await vault.set('gone', canary);
    await vault.delete('gone');
    const conflict = await rejection(vault.set('gone', canary));
    expect(conflict).toBeInstanceOf(SecretConflictError);
    double.deny('payroll');
    const failures = [
      conflict,
      await rejection(vault.get('payroll')),
      await rejection(vault.set('payroll', canary)),
      await rejection(vault.get('gone')),
    ];
    double.revokeTokens();
    failures.push(await rejection(vault.set('other', canary)));
    for (const error of failures) expect(everything(error)).not.toContain(canary);
  });

  it('blanks out the value should a service ever echo it in an error', () => {
    const echoed = new RestError(`Secret value '${canary}' is not valid.`, {
      statusCode: 400,
      code: 'BadParameter',
    });
    const call = { vault: new URL('https://my-vault.vault.azure.net'), action: 'write secret a' };
    const error = keyVaultFailure(echoed, { ...call, value: canary });
    expect(error.message).toBe(
      "Key Vault my-vault.vault.azure.net answered 400 (BadParameter) when asked to write secret a: Secret value '[value]' is not valid.",
    );
  });
});
