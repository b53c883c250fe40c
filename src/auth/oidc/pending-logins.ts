import { createHash } from 'node:crypto';
import { constantTimeEqual, randomSecret, sha256 } from '../secrets.js';

// The server-side half of a sign-in in progress: what the callback must match (state, the
// browser's binding cookie, nonce) and the PKCE verifier the token endpoint asks for. Kept in
// memory: a restart only means signing in again.

export type PendingLogin = {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The value of the short-lived cookie set on this browser at login (against login CSRF). */
  readonly browserBinding: string;
};

type Entry = { readonly nonce: string; readonly codeVerifier: string; readonly binding: string };

/** A login not finished in this long must start again. */
export const pendingLoginTtlMs = 10 * 60 * 1000;
// A flood of /login requests must not grow memory without bound; the oldest go first.
const maxPending = 10_000;

/** RFC 7636 S256: base64url(sha256(verifier)). Pure. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export class PendingLogins {
  private readonly entries = new Map<string, Entry & { readonly expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new login with fresh random state, nonce, verifier and browser binding. */
  begin(): PendingLogin {
    this.sweep();
    const login: PendingLogin = {
      state: randomSecret(24),
      nonce: randomSecret(24),
      codeVerifier: randomSecret(48),
      browserBinding: randomSecret(24),
    };
    while (this.entries.size >= maxPending) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.entries.set(sha256(login.state), {
      nonce: login.nonce,
      codeVerifier: login.codeVerifier,
      binding: sha256(login.browserBinding),
      expiresAt: this.now() + pendingLoginTtlMs,
    });
    return login;
  }

  /**
   * The login for `state`, used up by this call whether or not it matches (single use); undefined
   * when unknown, expired, already used, or started in another browser.
   */
  take(
    state: string,
    browserBinding: string | undefined,
  ): { nonce: string; codeVerifier: string } | undefined {
    const key = sha256(state);
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (entry === undefined || entry.expiresAt <= this.now()) return undefined;
    if (browserBinding === undefined || !constantTimeEqual(sha256(browserBinding), entry.binding))
      return undefined;
    return { nonce: entry.nonce, codeVerifier: entry.codeVerifier };
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
