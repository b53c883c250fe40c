// Test fixture, run as its own process by builtin-secret-store.test.ts: writes `count` versions
// of one secret, so two of these racing show whether the store ever loses a version.
import { openBuiltinSecretStore } from './builtin-secret-store.js';

const [databaseFile, kekFile, scope, name, count, tag] = process.argv.slice(2);
if (!databaseFile || !kekFile || !scope || !name || !count || !tag) {
  throw new Error('usage: concurrent-writer.fixture.ts <db> <kek> <scope> <name> <count> <tag>');
}
const store = openBuiltinSecretStore({ databaseFile, kekFile });
const secrets = store.provider(scope);
const written: string[] = [];
for (let i = 0; i < Number(count); i++) written.push(await secrets.set(name, `${tag}-${i}`));
store.close();
process.stdout.write(JSON.stringify(written));
