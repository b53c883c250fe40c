import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateError } from '../../errors/index.js';
import { openValue, rewrapDataKey, sealValue } from './envelope.js';
import { Kek } from './kek.js';

const kek = new Kek(randomBytes(32), 'test');
const at = { scope: 'shop', name: 'db-password', version: 1 };

describe('envelope encryption', () => {
  it('opens what it sealed, for any value', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (value) => {
        expect(openValue(kek, at, sealValue(kek, at, value))).toBe(value);
      }),
    );
  });

  it('uses a fresh data key and IV for every seal', () => {
    const a = sealValue(kek, at, 'same');
    const b = sealValue(kek, at, 'same');
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
  });

  it.each([
    ['another name', { ...at, name: 'api-key' }],
    ['another version', { ...at, version: 2 }],
    ['another project', { ...at, scope: 'bank' }],
  ])('a sealed value moved to %s does not open', (_case, moved) => {
    const sealed = sealValue(kek, at, 'hunter2');
    expect(() => openValue(kek, moved, sealed)).toThrow(StateError);
  });

  it('a flipped bit fails the integrity check', () => {
    const sealed = sealValue(kek, at, 'hunter2');
    const ciphertext = Buffer.from(sealed.ciphertext);
    ciphertext[ciphertext.length - 1] = (ciphertext[ciphertext.length - 1] ?? 0) ^ 1;
    expect(() => openValue(kek, at, { ...sealed, ciphertext })).toThrow(/integrity check/);
  });

  it('another KEK is named in the error, not tried', () => {
    const other = new Kek(randomBytes(32), 'other-file');
    expect(() => openValue(other, at, sealValue(kek, at, 'x'))).toThrow(/other-file holds/);
  });

  it('rewrap changes only the wrapped key', () => {
    const next = new Kek(randomBytes(32), 'next');
    const sealed = sealValue(kek, at, 'hunter2');
    const rewrapped = { ...sealed, ...rewrapDataKey(kek, next, at, sealed) };
    expect(rewrapped.ciphertext).toBe(sealed.ciphertext);
    expect(rewrapped.kekId).toBe(next.id);
    expect(openValue(next, at, rewrapped)).toBe('hunter2');
  });
});
