import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PreconditionError } from '../../errors/index.js';
import { createKek, kekFileFromEnv, loadKek } from './kek.js';

const temp = (): string => mkdtempSync(join(tmpdir(), 'slipway-kek-'));

describe('KEK files', () => {
  it('createKek writes 32 random bytes as base64, mode 0600, and loadKek reads them back', () => {
    const file = join(temp(), 'keys', 'kek');
    const kek = createKek(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(loadKek(file).id).toBe(kek.id);
  });

  it('never overwrites an existing KEK', () => {
    const file = join(temp(), 'kek');
    createKek(file);
    const before = readFileSync(file);
    expect(() => createKek(file)).toThrow(/already exists; a KEK is never overwritten/);
    expect(readFileSync(file)).toEqual(before);
  });

  it.each([
    ['missing', (_file: string) => undefined, /cannot read .* \(ENOENT\).*not opened/],
    [
      'short',
      (file: string) => writeFileSync(file, 'c2hvcnQ=\n', { mode: 0o600 }),
      /does not hold 32 bytes/,
    ],
    [
      'not base64',
      (file: string) => writeFileSync(file, `${'!'.repeat(43)}=`, { mode: 0o600 }),
      /does not hold 32 bytes/,
    ],
    [
      'readable by others',
      (file: string) => {
        createKek(file);
        chmodSync(file, 0o644);
      },
      /can be read by other users/,
    ],
  ])('a %s KEK file is a PreconditionError naming the file', (_case, prepare, message) => {
    const file = join(temp(), 'kek');
    prepare(file);
    let error: unknown;
    try {
      loadKek(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreconditionError);
    expect((error as PreconditionError).message).toMatch(message);
    expect((error as PreconditionError).describe()).toContain(file);
  });

  it('says how to create one when SLIPWAY_SECRETS_KEK_FILE is unset', () => {
    expect(() => kekFileFromEnv({})).toThrow(/SLIPWAY_SECRETS_KEK_FILE is not set/);
    expect(kekFileFromEnv({ SLIPWAY_SECRETS_KEK_FILE: '/k' })).toBe('/k');
  });

  it('prints and serialises as its id, never its bytes', () => {
    const file = join(temp(), 'kek');
    const kek = createKek(file);
    const encoded = readFileSync(file, 'utf8').trim();
    for (const shown of [inspect(kek), JSON.stringify(kek), String(kek), `${inspect({ kek })}`]) {
      expect(shown).toContain(kek.id);
      expect(shown).not.toContain(encoded);
      expect(shown).not.toContain(kek.bytes().toString('hex'));
    }
  });
});
