import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError, PreconditionError, StateError } from '../../errors/index.js';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import { maxSecretValueBytes } from '../secret-input.js';
import { openBuiltinSecretStore, type BuiltinSecretStore } from './builtin-secret-store.js';
import { createKek, loadKek } from './kek.js';

const run = promisify(execFile);
const opened: BuiltinSecretStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function setup(): {
  dir: string;
  databaseFile: string;
  kekFile: string;
  open: () => BuiltinSecretStore;
} {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-secrets-'));
  const databaseFile = join(dir, 'state', 'slipway.db');
  const kekFile = join(dir, 'kek', 'secrets.kek');
  createKek(kekFile);
  const open = (): BuiltinSecretStore => {
    const store = openBuiltinSecretStore({ databaseFile, kekFile });
    opened.push(store);
    return store;
  };
  return { dir, databaseFile, kekFile, open };
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const canary = 'sk_live_CANARY_7f3a9c_do-not-leak';

describe('the built-in secret store', () => {
  it('keeps every version and reads the newest or a given one', async () => {
    const secrets = setup().open().provider('shop');
    expect(await secrets.set('db-password', 'one')).toBe('1');
    expect(await secrets.set('db-password', 'two')).toBe('2');
    expect(await secrets.get('db-password')).toMatchObject({ version: '2', value: 'two' });
    expect(await secrets.get('db-password', '1')).toMatchObject({ version: '1', value: 'one' });
    expect((await secrets.versions('db-password')).map((v) => v.version)).toEqual(['1', '2']);
    await secrets.set('api.key', 'k');
    expect((await secrets.list()).map((s) => s.name)).toEqual(['api.key', 'db-password']);
    expect((await secrets.list('db')).map((s) => s.name)).toEqual(['db-password']);
    expect(await rejection(secrets.get('db-password', '3'))).toBeInstanceOf(SecretNotFoundError);
    expect(await rejection(secrets.get('nope'))).toBeInstanceOf(SecretNotFoundError);
  });

  it('keeps projects apart', async () => {
    const store = setup().open();
    await store.provider('shop').set('token', 'shop-value');
    expect(await rejection(store.provider('bank').get('token'))).toBeInstanceOf(
      SecretNotFoundError,
    );
  });

  it('soft-deletes: hidden, with a hint that it can be recovered, then recovered whole', async () => {
    const secrets = setup().open().provider('shop');
    await secrets.set('token', 'a');
    await secrets.set('token', 'b');
    await secrets.delete('token');
    const error = await rejection(secrets.get('token'));
    expect(error).toBeInstanceOf(SecretNotFoundError);
    expect((error as SecretNotFoundError).softDeleted).toBe(true);
    expect((error as SecretNotFoundError).describe()).toMatch(/soft-deleted at .*recover/);
    expect(await secrets.list()).toEqual([]);
    expect(await rejection(secrets.set('token', 'c'))).toBeInstanceOf(SecretConflictError);
    await secrets.recover('token');
    expect(await secrets.get('token')).toMatchObject({ version: '2', value: 'b' });
    expect(await secrets.get('token', '1')).toMatchObject({ value: 'a' });
  });

  it('purge removes every version', async () => {
    const { open, databaseFile } = setup();
    const store = open();
    const secrets = store.provider('shop');
    await secrets.set('token', 'a');
    await secrets.set('token', 'b');
    await secrets.purge('token');
    expect(await rejection(secrets.get('token'))).toBeInstanceOf(SecretNotFoundError);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM secret_versions').get()).toEqual({ n: 0 });
    expect(await secrets.set('token', 'again')).toBe('1');
    expect(databaseFile).toBeTruthy();
  });

  it.each([
    '../etc/passwd',
    '..',
    'a/b',
    'a..b',
    '.hidden',
    'trailing-',
    'UPPER',
    '',
    'nul\u0000byte',
    '%2e%2e%2f',
    'x'.repeat(129),
  ])('rejects the name %j, naming the field', async (name) => {
    const secrets = setup().open().provider('shop');
    for (const attempt of [secrets.get(name), secrets.set(name, 'v'), secrets.delete(name)]) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(/^name .* is not a valid secret name$/);
    }
  });

  it('does not echo a huge name back', async () => {
    const secrets = setup().open().provider('shop');
    const name = `../${'a'.repeat(100_000)}`;
    const error = await rejection(secrets.get(name));
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).toContain('(100003 characters)');
  });

  it('takes a value of exactly 64 KiB and refuses one byte more without echoing it', async () => {
    const secrets = setup().open().provider('shop');
    const limit = 'v'.repeat(maxSecretValueBytes);
    expect(await secrets.set('big', limit)).toBe('1');
    expect((await secrets.get('big')).value).toBe(limit);
    const huge = `${canary}${'x'.repeat(maxSecretValueBytes)}`;
    const error = await rejection(secrets.set('big', huge));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/value is \d+ bytes; the limit is 65536 bytes/);
    expect(error.message).not.toContain(canary);
    expect(error.message).not.toContain('xxxx');
    expect(await secrets.versions('big')).toHaveLength(1);
  });

  it('is not opened when the KEK file is missing: a clear error and no database created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slipway-secrets-'));
    const databaseFile = join(dir, 'state', 'slipway.db');
    const kekFile = join(dir, 'missing.kek');
    let error: unknown;
    try {
      openBuiltinSecretStore({ databaseFile, kekFile });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as PreconditionError).message).toContain(kekFile);
    expect((error as PreconditionError).describe()).toMatch(/openssl rand -base64 32/);
    expect(existsSync(databaseFile)).toBe(false);
    expect(() => openBuiltinSecretStore({ databaseFile, env: {} })).toThrow(
      /SLIPWAY_SECRETS_KEK_FILE is not set/,
    );
    expect(existsSync(databaseFile)).toBe(false);
  });

  it('refuses to open with a KEK other than the one its data keys are wrapped with', async () => {
    const { dir, databaseFile, open } = setup();
    await open().provider('shop').set('token', 'a');
    const otherKek = join(dir, 'other.kek');
    createKek(otherKek);
    expect(() => openBuiltinSecretStore({ databaseFile, kekFile: otherKek })).toThrow(
      /is not the one this store's secrets are wrapped with/,
    );
  });

  it('rewraps data keys under a new KEK without touching values', async () => {
    const { dir, databaseFile, kekFile, open } = setup();
    const store = open();
    const secrets = store.provider('shop');
    await secrets.set('token', 'a');
    await secrets.set('token', 'b');
    await store.provider('bank').set('token', 'c');
    const ciphertexts = (): unknown[] =>
      store.db.prepare('SELECT ciphertext FROM secret_versions ORDER BY scope, version').all();
    const before = ciphertexts();
    const newKekFile = join(dir, 'new.kek');
    const newKek = createKek(newKekFile);
    expect(await store.rewrap(newKek)).toEqual({ rewrapped: 3 });
    expect(ciphertexts()).toEqual(before);
    expect(store.kekId).toBe(newKek.id);
    expect((await secrets.get('token', '1')).value).toBe('a');
    expect(() => openBuiltinSecretStore({ databaseFile, kekFile })).toThrow(PreconditionError);
    const reopened = openBuiltinSecretStore({ databaseFile, kekFile: newKekFile });
    opened.push(reopened);
    expect((await reopened.provider('bank').get('token')).value).toBe('c');
    expect(loadKek(newKekFile).id).toBe(newKek.id);
  });

  it('a process still holding the old KEK after a rewrap elsewhere writes nothing', async () => {
    const { dir, open } = setup();
    const [first, second] = [open(), open()];
    await first.provider('shop').set('token', 'a');
    await first.rewrap(createKek(join(dir, 'new.kek')));
    const error = await rejection(second.provider('shop').set('token', 'b'));
    expect(error).toBeInstanceOf(StateError);
    expect(error.message).toMatch(/was rewrapped under key-encryption key/);
    expect(await first.provider('shop').versions('token')).toHaveLength(1);
  });

  it('a ciphertext copied onto another secret does not open', async () => {
    const store = setup().open();
    const secrets = store.provider('shop');
    await secrets.set('admin-password', 'root');
    await secrets.set('guest-password', 'guest');
    store.db.exec(`UPDATE secret_versions SET ciphertext = (SELECT ciphertext FROM secret_versions
      WHERE name = 'admin-password'), wrapped_key = (SELECT wrapped_key FROM secret_versions
      WHERE name = 'admin-password') WHERE name = 'guest-password'`);
    expect(await rejection(secrets.get('guest-password'))).toBeInstanceOf(StateError);
  });

  it('loses no version to many parallel writers on two connections', async () => {
    const { open } = setup();
    const [a, b] = [open().provider('shop'), open().provider('shop')];
    const writes = Array.from({ length: 100 }, (_, i) =>
      (i % 2 === 0 ? a : b).set('counter', `value-${i}`),
    );
    const versions = await Promise.all(writes);
    expect(new Set(versions).size).toBe(100);
    expect((await a.versions('counter')).map((v) => Number(v.version))).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  });

  it('loses no version to two processes writing one secret at once', async () => {
    const { databaseFile, kekFile, open } = setup();
    open().close(); // create and migrate the file first, so both writers race only on writes
    const fixture = fileURLToPath(new URL('./concurrent-writer.fixture.ts', import.meta.url));
    const writer = (tag: string): Promise<{ stdout: string }> =>
      run(process.execPath, [
        '--import',
        'tsx',
        fixture,
        databaseFile,
        kekFile,
        'shop',
        'race',
        '40',
        tag,
      ]);
    const [first, second] = await Promise.all([writer('p1'), writer('p2')]);
    const written = [
      ...(JSON.parse(first.stdout) as string[]),
      ...(JSON.parse(second.stdout) as string[]),
    ];
    expect(new Set(written).size).toBe(80);
    const secrets = open().provider('shop');
    const versions = await secrets.versions('race');
    expect(versions.map((v) => Number(v.version))).toEqual(
      Array.from({ length: 80 }, (_, i) => i + 1),
    );
    const values = await Promise.all(
      versions.map(async (v) => (await secrets.get('race', v.version)).value),
    );
    for (const tag of ['p1', 'p2'])
      for (let i = 0; i < 40; i++) expect(values).toContain(`${tag}-${i}`);
  }, 60_000);

  it('never holds a value in clear: the database files and every error message are free of it', async () => {
    const { dir, open } = setup();
    const store = open();
    const secrets = store.provider('shop');
    const messages: string[] = [];
    const collect = async (p: Promise<unknown>): Promise<void> => {
      const error = await rejection(p);
      messages.push(error.message, (error as { describe?: () => string }).describe?.() ?? '');
      messages.push(String(error.stack));
    };
    await secrets.set('stripe-key', canary);
    await secrets.set('stripe-key', `${canary}-v2`);
    await collect(secrets.set('stripe-key', canary.repeat(3000)));
    await collect(secrets.set('../escape', canary));
    await collect(secrets.get('stripe-key', '9'));
    await secrets.delete('stripe-key');
    await collect(secrets.get('stripe-key'));
    await collect(secrets.set('stripe-key', canary));
    await secrets.recover('stripe-key');
    expect((await secrets.get('stripe-key', '1')).value).toBe(canary);
    store.db.pragma('wal_checkpoint(PASSIVE)');
    const forms = [
      canary,
      Buffer.from(canary).toString('base64'),
      Buffer.from(canary).toString('hex'),
      'CANARY_7f3a9c',
    ];
    const files = readdirSync(join(dir, 'state')).map((f) => join(dir, 'state', f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const form of forms)
        expect(bytes.includes(Buffer.from(form)), `${form} in ${file}`).toBe(false);
    }
    for (const message of messages) expect(message).not.toContain('CANARY');
  });
});
