import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { StateError } from '../../errors/index.js';
import type { Kek } from './kek.js';

// Envelope encryption: each version's value is sealed with its own fresh 256-bit data key
// (AES-256-GCM), and the data key is sealed with the KEK (AES-256-GCM too). Both seals carry the
// secret's scope, name and version as associated data, so a blob copied onto another row fails
// to open. A sealed blob is iv (12) | tag (16) | ciphertext.

const ivBytes = 12;
const tagBytes = 16;

/** Where a sealed value belongs; bound into both seals as associated data. */
export type SealContext = {
  readonly scope: string;
  readonly name: string;
  readonly version: number;
};

/** A data key sealed with a KEK, and which KEK. */
export type WrappedKey = { readonly wrappedKey: Buffer; readonly kekId: string };

export type SealedValue = WrappedKey & { readonly ciphertext: Buffer };

const aad = (purpose: 'value' | 'data-key', at: SealContext): Buffer =>
  Buffer.from(JSON.stringify(['slipway-secret/v1', purpose, at.scope, at.name, at.version]));

function seal(key: Buffer, plaintext: Buffer, associated: Buffer): Buffer {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(associated);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Buffer, associated: Buffer, what: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, ivBytes), {
      authTagLength: tagBytes,
    });
    decipher.setAAD(associated);
    decipher.setAuthTag(sealed.subarray(ivBytes, ivBytes + tagBytes));
    return Buffer.concat([decipher.update(sealed.subarray(ivBytes + tagBytes)), decipher.final()]);
  } catch (cause) {
    throw new StateError(`${what} failed its integrity check`, {
      hint: 'the row was changed or moved outside Slipway, or written under another key; restore the database from backup',
      cause,
    });
  }
}

const where = (at: SealContext): string => `secret ${at.scope}/${at.name} version ${at.version}`;

/** Seals `value` under a fresh data key, itself wrapped with `kek`. */
export function sealValue(kek: Kek, at: SealContext, value: string): SealedValue {
  const dataKey = randomBytes(32);
  try {
    return {
      ciphertext: seal(dataKey, Buffer.from(value, 'utf8'), aad('value', at)),
      wrappedKey: seal(kek.bytes(), dataKey, aad('data-key', at)),
      kekId: kek.id,
    };
  } finally {
    dataKey.fill(0);
  }
}

function unwrapDataKey(kek: Kek, at: SealContext, sealed: WrappedKey): Buffer {
  if (sealed.kekId !== kek.id) {
    throw new StateError(
      `${where(at)} was written under key-encryption key ${sealed.kekId}, but ${kek.source} holds ${kek.id}`,
      {
        hint: 'point SLIPWAY_SECRETS_KEK_FILE at the KEK this store was written with (after a rewrap, the new one)',
      },
    );
  }
  return open(kek.bytes(), sealed.wrappedKey, aad('data-key', at), `the data key of ${where(at)}`);
}

/** Opens a sealed value. */
export function openValue(kek: Kek, at: SealContext, sealed: SealedValue): string {
  const dataKey = unwrapDataKey(kek, at, sealed);
  try {
    return open(dataKey, sealed.ciphertext, aad('value', at), `the value of ${where(at)}`).toString(
      'utf8',
    );
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wraps a data key from `from` to `to`; the value's ciphertext is not touched. */
export function rewrapDataKey(from: Kek, to: Kek, at: SealContext, sealed: WrappedKey): WrappedKey {
  const dataKey = unwrapDataKey(from, at, sealed);
  try {
    return {
      wrappedKey: seal(to.bytes(), dataKey, aad('data-key', at)),
      kekId: to.id,
    };
  } finally {
    dataKey.fill(0);
  }
}
