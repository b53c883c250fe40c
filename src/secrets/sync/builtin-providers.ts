import { openBuiltinSecretStore, type BuiltinSecretStore } from '../builtin/index.js';
import type { SecretProvider } from '../secret-types.js';

/**
 * The SecretSync controller's `providerFor` over the built-in store. The store (and its KEK,
 * from SLIPWAY_SECRETS_KEK_FILE) is opened on first use, so a server without a KEK still starts
 * and every SecretSync reports the KEK problem in its Ready condition instead.
 */
export function builtinSecretSyncProviders(
  open: () => BuiltinSecretStore = () => openBuiltinSecretStore(),
): { providerFor: (project: string) => SecretProvider; close: () => void } {
  let store: BuiltinSecretStore | undefined;
  return {
    providerFor: (project) => {
      store ??= open();
      return store.provider(project);
    },
    close: () => store?.close(),
  };
}
