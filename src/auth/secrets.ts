import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Hex sha256: how token secrets and session ids are kept, so a copy of the DB lets no one in. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** `bytes` random bytes as base64url. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A short random id for a token (shown in lists, used to revoke it). */
export function randomId(): string {
  return randomBytes(8).toString('hex');
}

// No 0/O, 1/l/I: the bootstrap password is read off a terminal and typed again.
const passwordAlphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of `length` characters (about 5.8 bits each). */
export function randomPassword(length = 20): string {
  let password = '';
  for (let i = 0; i < length; i++) password += passwordAlphabet[randomInt(passwordAlphabet.length)];
  return password;
}

/** Compares two strings in time that does not depend on where they differ (or their lengths). */
export function constantTimeEqual(a: string, b: string): boolean {
  // Hashing first gives equal-length buffers, as timingSafeEqual needs, without leaking length.
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
