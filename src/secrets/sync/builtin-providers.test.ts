import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreconditionError } from '../../errors/index.js';
import { createKek, openBuiltinSecretStore } from '../builtin/index.js';
import { builtinSecretSyncProviders } from './builtin-providers.js';

describe('builtinSecretSyncProviders', () => {
  it('opens the store once, on first use, and scopes it by project', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-sync-providers-'));
    const kekFile = join(dir, 'secrets.kek');
    createKek(kekFile);
    let opens = 0;
    const providers = builtinSecretSyncProviders(() => {
      opens += 1;
      return openBuiltinSecretStore({ databaseFile: join(dir, 'slipway.db'), kekFile });
    });
    expect(opens).toBe(0);
    await providers.providerFor('shop').set('token', 'a');
    await expect(providers.providerFor('bank').get('token')).rejects.toThrow(/not found/);
    expect((await providers.providerFor('shop').get('token')).value).toBe('a');
    expect(opens).toBe(1);
    providers.close();
  });

  it('without a KEK, fails when asked (so each SecretSync can say so), not when made', () => {
    const providers = builtinSecretSyncProviders(() =>
      openBuiltinSecretStore({ env: {}, databaseFile: join(tmpdir(), 'never-created.db') }),
    );
    expect(() => providers.providerFor('shop')).toThrow(PreconditionError);
    providers.close();
  });
});
