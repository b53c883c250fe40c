import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { StateError } from '../errors/index.js';

/** One of Slipway's ES256 signing keys; `retiredAt` set once a newer key signs instead. */
export type SigningKey = {
  readonly kid: string;
  /** Seconds since the epoch. */
  readonly createdAt: number;
  readonly retiredAt?: number;
  readonly privateKey: KeyObject;
  readonly publicJwk: JsonWebKey;
};

const storedKey = z.object({
  kid: z.string(),
  createdAt: z.number(),
  retiredAt: z.number().optional(),
  privateJwk: z
    .object({ kty: z.literal('EC'), crv: z.literal('P-256'), d: z.string() })
    .passthrough(),
});
const keyFile = z.object({ version: z.literal(1), keys: z.array(storedKey).min(1) });

/** RFC 7638 thumbprint: a kid that names the key itself. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}

function fromPrivateKey(privateKey: KeyObject, createdAt: number, retiredAt?: number): SigningKey {
  const { kty, crv, x, y } = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = jwkThumbprint({ kty, crv, x, y });
  const publicJwk: JsonWebKey = { kty, crv, x, y, kid, use: 'sig', alg: 'ES256' };
  return {
    kid,
    createdAt,
    ...(retiredAt === undefined ? {} : { retiredAt }),
    privateKey,
    publicJwk,
  };
}

export function newSigningKey(nowSeconds: number): SigningKey {
  return fromPrivateKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, nowSeconds);
}

export function retire(key: SigningKey, nowSeconds: number): SigningKey {
  return fromPrivateKey(key.privateKey, key.createdAt, nowSeconds);
}

/**
 * Reads the key file, or creates it with one new key. The file holds private keys, so it must be
 * readable by its owner only (0600), as ssh insists of its keys.
 */
export async function loadSigningKeys(file: string, nowSeconds: number): Promise<SigningKey[]> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const keys = [newSigningKey(nowSeconds)];
    await saveSigningKeys(file, keys);
    return keys;
  }
  if ((mode & 0o077) !== 0) {
    throw new StateError(
      `${file} holds Slipway's private signing keys but others may read it (mode ${(mode & 0o777).toString(8)})`,
      { hint: `chmod 600 ${file}, and rotate the keys if anyone else may have read them` },
    );
  }
  const text = await readFile(file, 'utf8');
  const parsed = keyFile.safeParse(
    (() => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success) {
    throw new StateError(
      `${file} is not a Slipway signing-key file: ${parsed.error.issues[0]?.message ?? ''}`,
      {
        hint: `move it away to have Slipway create new keys (tokens it issued stop verifying)`,
      },
    );
  }
  return parsed.data.keys.map((k) =>
    fromPrivateKey(
      createPrivateKey({ key: k.privateJwk, format: 'jwk' }),
      k.createdAt,
      k.retiredAt,
    ),
  );
}

/** Writes the keys atomically (a 0600 temporary file renamed over the old one). */
export async function saveSigningKeys(file: string, keys: readonly SigningKey[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const body = {
    version: 1,
    keys: keys.map((k) => ({
      kid: k.kid,
      createdAt: k.createdAt,
      ...(k.retiredAt === undefined ? {} : { retiredAt: k.retiredAt }),
      privateJwk: k.privateKey.export({ format: 'jwk' }),
    })),
  };
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}
