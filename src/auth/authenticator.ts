import type { SqliteDatabase } from '../store/sqlite-driver.js';
import { createApiToken, listApiTokens, resolveApiToken, revokeApiToken } from './api-tokens.js';
import type { Authenticator, Principal, RequestCredentials, SignIn } from './auth-types.js';
import { verifyAgainstDecoy, verifyPassword } from './password.js';
import { endSession, resumeSession, startSession } from './sessions.js';
import { createSignInLimiter, type SignInLimiter } from './sign-in-limiter.js';
import { findUser } from './users.js';

export type AuthenticatorOptions = {
  /** The clock, for tests of expiry and rate limits. */
  readonly now?: () => Date;
  /** Defaults to 10 failures per user name in 5 minutes. */
  readonly limiter?: SignInLimiter;
};

/**
 * Answers "who is this?" from an API token (Bearer) or a session cookie, signs people in with
 * their password and manages their tokens, all in the store's SQLite file.
 */
export function createAuthenticator(
  db: SqliteDatabase,
  options: AuthenticatorOptions = {},
): Authenticator {
  const now = options.now ?? ((): Date => new Date());
  const limiter = options.limiter ?? createSignInLimiter({ now });

  const identify = (credentials: RequestCredentials): Principal | undefined => {
    // A presented Authorization header is the whole answer: a bad token does not fall back to
    // a cookie that may ride along.
    if (credentials.authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(credentials.authorization);
      const found = match?.[1] === undefined ? undefined : resolveApiToken(db, match[1], now());
      return found && { user: found.user, grants: found.grants, via: 'token' };
    }
    const sessionId = credentials.sessionCookie;
    if (sessionId === undefined || sessionId === '') return undefined;
    const session = resumeSession(db, sessionId, now());
    return (
      session && {
        user: session.user,
        grants: session.grants,
        via: 'session',
        csrfToken: session.csrfToken,
        sessionId,
      }
    );
  };

  const signIn = async (username: string, password: string): Promise<SignIn | undefined> => {
    limiter.check(username);
    const user = findUser(db, username);
    const ok =
      user === undefined
        ? await verifyAgainstDecoy(password)
        : await verifyPassword(password, user.passwordHash);
    if (!ok || user === undefined) {
      limiter.failed(username);
      return undefined;
    }
    limiter.succeeded(username);
    const { sessionId, csrfToken } = startSession(db, user.name, now());
    return {
      principal: { user: user.name, grants: user.grants, via: 'session', csrfToken, sessionId },
      sessionId,
      csrfToken,
    };
  };

  return {
    identify: (credentials) => settle(() => identify(credentials)),
    signIn,
    signOut: (sessionId) => settle(() => endSession(db, sessionId)),
    createToken: (user, name) => settle(() => createApiToken(db, user, name, now())),
    listTokens: (user) => settle(() => listApiTokens(db, user)),
    revokeToken: (user, id) => settle(() => revokeApiToken(db, user, id)),
  };
}

/** Runs synchronous store work as a promise, so a refusal (InputError) rejects, never throws. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
