import { describe, expect, it } from 'vitest';
import { createSignInLimiter, TooManySignInsError } from './sign-in-limiter.js';

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

describe('createSignInLimiter', () => {
  it('refuses after 10 failures in 5 minutes, for that name only, until the window passes', () => {
    const time = clock();
    const limiter = createSignInLimiter({ now: time.now });
    for (let i = 0; i < 10; i++) {
      limiter.check('admin');
      limiter.failed('admin');
      time.advance(1000);
    }
    expect(() => limiter.check('admin')).toThrow(TooManySignInsError);
    expect(() => limiter.check('admin')).toThrow(/too many failed sign-ins for "admin"/);
    expect(() => limiter.check('bob')).not.toThrow();
    time.advance(5 * 60 * 1000 - 10_000);
    // The first failure has left the window: one more try.
    expect(() => limiter.check('admin')).not.toThrow();
  });

  it('says how long to wait', () => {
    const time = clock();
    const limiter = createSignInLimiter({ now: time.now, maxFailures: 2, windowMs: 60_000 });
    limiter.failed('ann');
    limiter.failed('ann');
    time.advance(15_000);
    try {
      limiter.check('ann');
      expect.unreachable();
    } catch (error) {
      expect((error as TooManySignInsError).retryAfterSeconds).toBe(45);
      expect((error as TooManySignInsError).hint).toContain('1 minute');
    }
  });

  it('a success clears the count', () => {
    const limiter = createSignInLimiter({ maxFailures: 2 });
    limiter.failed('ann');
    limiter.succeeded('ann');
    limiter.failed('ann');
    expect(() => limiter.check('ann')).not.toThrow();
  });
});
