// Slipway's own secret store: envelope-encrypted versions in the state database, under a
// key-encryption key kept in a file outside it.
export {
  BuiltinSecretStore,
  openBuiltinSecretStore,
  type OpenBuiltinSecretStoreOptions,
} from './builtin-secret-store.js';
export { Kek, createKek, kekFileEnv, kekFileFromEnv, loadKek } from './kek.js';
