import { afterEach, describe, expect, it } from 'vitest';
import { PreconditionError } from '../../errors/index.js';
import {
  clientId,
  closeTestVaults,
  federatedToken,
  jwtBearerAssertionType,
  keyVaultScope,
  openTestVault,
  rejection,
  tenantId,
  testTls,
  webhookEnv,
} from './double/index.js';
import { KeyVaultError } from './key-vault-errors.js';
import { workloadIdentityCredential, workloadIdentityFromEnv } from './workload-identity.js';

// The credential is @azure/identity's WorkloadIdentityCredential; these check what it sends
// (against the double's Entra ID half) and what Slipway checks before handing it settings.

afterEach(closeTestVaults);

describe('the workload-identity credential', () => {
  it('exchanges the projected token with the client-assertion grant', async () => {
    const { double, env } = await openTestVault();
    const credential = workloadIdentityCredential(workloadIdentityFromEnv(env), {
      extraCa: testTls().ca,
    });
    const token = await credential.getToken(keyVaultScope);
    expect(token?.token).toMatch(/^[\w-]+$/);
    expect(double.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /${tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${tenantId}/oauth2/v2.0/token`,
    ]);
    expect(double.tokenForms[0]).toMatchObject({
      grant_type: 'client_credentials',
      client_id: clientId,
      scope: keyVaultScope,
      client_assertion_type: jwtBearerAssertionType,
      client_assertion: federatedToken,
    });
  });

  it('says which token file it could not read', async () => {
    const missing = '/var/run/secrets/azure/tokens/gone';
    const { vault } = await openTestVault({ env: { AZURE_FEDERATED_TOKEN_FILE: missing } });
    const error = await rejection(vault.get('db-password'));
    expect(error).toBeInstanceOf(KeyVaultError);
    expect(error.message).toMatch(
      /^cannot read secret db-password in Key Vault [\d.:]+: the workload identity could not sign in to Entra ID/,
    );
    expect(error.message).toContain(missing);
  });

  it('will not sign in to a tenant other than its own, even when the vault asks', async () => {
    const { vault, double } = await openTestVault({
      env: { AZURE_TENANT_ID: 'fabrikam.onmicrosoft.com' },
    });
    const error = await rejection(vault.get('db-password'));
    expect(error.message).toMatch(/not configured to acquire tokens for tenant 72f988bf/);
    expect(double.tokenForms).toEqual([]);
  });

  it('names the missing workload identity variable', () => {
    const partial = { AZURE_CLIENT_ID: 'x', AZURE_TENANT_ID: 't' };
    expect(() => workloadIdentityFromEnv(partial)).toThrow(PreconditionError);
    expect(() => workloadIdentityFromEnv(partial)).toThrow(/AZURE_FEDERATED_TOKEN_FILE is not set/);
  });

  it.each([
    [
      'AZURE_AUTHORITY_HOST',
      { authorityHost: 'http://login.example' },
      /AZURE_AUTHORITY_HOST "http:\/\/login.example" is not an https URL/,
    ],
    ['AZURE_TENANT_ID', { tenantId: '../etc' }, /AZURE_TENANT_ID "..\/etc" is not a tenant id/],
  ])('refuses a bad %s before sending anything', (_name, override, message) => {
    const config = {
      ...workloadIdentityFromEnv(webhookEnv('https://login.microsoftonline.com')),
      ...override,
    };
    expect(() => workloadIdentityCredential(config)).toThrow(message);
  });
});
