import { InputError } from '../errors/index.js';

/** Refused because of too many failed sign-ins for one user name; says when to try again. */
export class TooManySignInsError extends InputError {
  constructor(
    readonly username: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`too many failed sign-ins for "${username}"; sign-in is refused for now`, {
      hint: `wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again with the right password`,
    });
  }
}

export type SignInLimiterOptions = {
  /** Failures allowed within the window; the next attempt is refused. Default 10. */
  readonly maxFailures?: number;
  /** Default 5 minutes. */
  readonly windowMs?: number;
  readonly now?: () => Date;
};

export type SignInLimiter = {
  /** Throws TooManySignInsError when `username` has used up its failures. */
  readonly check: (username: string) => void;
  readonly failed: (username: string) => void;
  readonly succeeded: (username: string) => void;
};

// Past this many names tracked, expired entries are swept so guessed names cannot grow the map.
const sweepAbove = 10_000;

/**
 * Counts failed sign-ins per user name in a sliding window, in memory: a pure counter over an
 * injectable clock. Per name (not per address) so a guesser cannot rotate addresses; the cost is
 * that a guesser can lock a user out for the window, which is why the window is short.
 */
export function createSignInLimiter(options: SignInLimiterOptions = {}): SignInLimiter {
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 5 * 60 * 1000;
  const now = options.now ?? ((): Date => new Date());
  const failures = new Map<string, number[]>();

  const recent = (username: string, at: number): number[] => {
    const times = (failures.get(username) ?? []).filter((t) => at - t < windowMs);
    if (times.length === 0) failures.delete(username);
    else failures.set(username, times);
    return times;
  };

  return {
    check(username) {
      const at = now().getTime();
      const times = recent(username, at);
      const oldest = times[0];
      if (times.length >= maxFailures && oldest !== undefined) {
        throw new TooManySignInsError(username, Math.max(1, (oldest + windowMs - at) / 1000));
      }
    },
    failed(username) {
      const at = now().getTime();
      failures.set(username, [...recent(username, at), at]);
      if (failures.size > sweepAbove) {
        for (const name of [...failures.keys()]) recent(name, at);
      }
    },
    succeeded(username) {
      failures.delete(username);
    },
  };
}
