import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';
import { randomPassword } from './secrets.js';

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and 64-byte key, salted per hash', async () => {
    const hash = await hashPassword('correct horse battery');
    const [scheme, n, r, p, salt, key] = hash.split('$');
    expect([scheme, n, r, p]).toEqual(['scrypt', '32768', '8', '1']);
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(key ?? '', 'base64')).toHaveLength(64);
    expect(hash).not.toContain('correct horse battery');
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
  });

  it('verifies the right password only, and rejects malformed hashes', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batter', hash)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plain')).toBe(false);
    expect(await verifyPassword('x', hash.split('$').slice(0, 5).join('$') + '$AAAA')).toBe(false);
  });

  it('random passwords are 20 unambiguous characters', () => {
    const password = randomPassword();
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(randomPassword()).not.toBe(password);
  });
});
