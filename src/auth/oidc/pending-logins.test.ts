import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PendingLogins, pendingLoginTtlMs, pkceChallenge } from './pending-logins.js';

describe('PendingLogins', () => {
  it('gives a login back once, to the browser that started it', () => {
    const logins = new PendingLogins();
    const login = logins.begin();
    expect(logins.take(login.state, login.browserBinding)).toEqual({
      nonce: login.nonce,
      codeVerifier: login.codeVerifier,
    });
    expect(logins.take(login.state, login.browserBinding)).toBeUndefined();
  });

  it('refuses, and uses up, a login presented without its browser binding', () => {
    const logins = new PendingLogins();
    const login = logins.begin();
    expect(logins.take(login.state, undefined)).toBeUndefined();
    expect(logins.take(login.state, 'another-browser')).toBeUndefined();
    expect(logins.take(login.state, login.browserBinding)).toBeUndefined();
  });

  it('forgets a login after its TTL', () => {
    let now = 0;
    const logins = new PendingLogins(() => now);
    const login = logins.begin();
    now = pendingLoginTtlMs;
    expect(logins.take(login.state, login.browserBinding)).toBeUndefined();
    logins.begin();
    expect(logins.size).toBe(1);
  });

  it('makes a fresh state, nonce and verifier each time', () => {
    const logins = new PendingLogins();
    const a = logins.begin();
    const b = logins.begin();
    expect(new Set([a.state, a.nonce, a.codeVerifier, b.state, b.nonce, b.codeVerifier]).size).toBe(
      6,
    );
    expect(a.codeVerifier.length).toBeGreaterThanOrEqual(43);
  });
});

describe('pkceChallenge', () => {
  it('is S256 of the verifier (RFC 7636 appendix B)', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(pkceChallenge('x')).toBe(createHash('sha256').update('x').digest('base64url'));
  });
});
