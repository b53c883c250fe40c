import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import { InputError, PreconditionError } from '../../errors/index.js';

// The key-encryption key lives in a file outside the store, so a copy of the database alone
// decrypts nothing. Losing the file loses every secret: createKek never overwrites one.

export const kekFileEnv = 'SLIPWAY_SECRETS_KEK_FILE';
const kekBytes = 32;

const createHint = (file: string): string =>
  `create one with createKek(${JSON.stringify(file)}) from src/secrets, or: ` +
  `(umask 077; openssl rand -base64 32 > ${file}) — and keep a backup: without it no secret can be read`;

/** A 256-bit key-encryption key. Prints as its id only, so logging it leaks nothing. */
export class Kek {
  /** A fingerprint stored beside each wrapped key: which KEK wrapped it, without revealing it. */
  readonly id: string;

  constructor(
    private readonly key: Buffer,
    readonly source: string,
  ) {
    if (key.length !== kekBytes) throw new InputError(`a KEK must be ${kekBytes} bytes`);
    this.id = createHmac('sha256', key).update('slipway-kek-id/v1').digest('hex').slice(0, 16);
  }

  /** The raw key, for the envelope module only. */
  bytes(): Buffer {
    return this.key;
  }

  toJSON(): { id: string; source: string } {
    return { id: this.id, source: this.source };
  }

  toString(): string {
    return `Kek(${this.id} from ${this.source})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** The KEK file named by SLIPWAY_SECRETS_KEK_FILE; PreconditionError when it is not set. */
export function kekFileFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const file = env[kekFileEnv];
  if (file !== undefined && file.trim() !== '') return file;
  throw new PreconditionError(
    `${kekFileEnv} is not set, so the secret store has no key-encryption key and was not opened`,
    {
      hint: `set ${kekFileEnv} to a file holding 32 random bytes as base64; ${createHint('<file>')}`,
    },
  );
}

/** Reads and checks a KEK file: it must exist, be private (0600) and hold 32 bytes as base64. */
export function loadKek(file: string): Kek {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new PreconditionError(
      `cannot read the secret store's key-encryption key ${file} (${code}); the store was not opened`,
      { hint: code === 'ENOENT' ? createHint(file) : `check ${file}'s owner and mode`, cause },
    );
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new PreconditionError(
      `the key-encryption key ${file} can be read by other users; the store was not opened`,
      { hint: `run: chmod 600 ${file}` },
    );
  }
  const encoded = text.trim();
  // Checked before decoding: Buffer.from skips bad characters, so a damaged file would decode short.
  if (!/^[A-Za-z0-9+/]{43}=$/.test(encoded)) {
    throw new PreconditionError(
      `the key-encryption key ${file} does not hold 32 bytes as base64 (it has ${encoded.length} characters, 44 expected); the store was not opened`,
      {
        hint: `if the file was damaged, restore it from backup; for a new store, ${createHint(file)}`,
      },
    );
  }
  return new Kek(Buffer.from(encoded, 'base64'), file);
}

/** Writes a new random KEK to `file` (mode 0600, parent 0700); refuses to replace an existing one. */
export function createKek(file: string): Kek {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(kekBytes);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new PreconditionError(`${file} already exists; a KEK is never overwritten`, {
        hint: 'replacing it would make every stored secret unreadable; to rotate, create a new file and call rewrap',
        cause,
      });
    }
    throw cause;
  }
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  return new Kek(key, file);
}
