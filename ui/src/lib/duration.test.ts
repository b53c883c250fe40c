import { describe, expect, it } from 'vitest';
import { elapsedMs, formatAge, formatDuration } from './duration';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1s'],
    [59_999, '59s'],
    [60_000, '1m 00s'],
    [185_000, '3m 05s'],
    [3_720_000, '1h 02m'],
    [183_600_000, '2d 03h'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([undefined, -1, Number.NaN, Number.POSITIVE_INFINITY])('%s is a dash', (ms) => {
    expect(formatDuration(ms)).toBe('–');
  });
});

describe('elapsedMs', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');

  it('prefers the recorded duration', () => {
    expect(elapsedMs({ durationMs: 42, startedAt: '2026-01-01T00:00:00Z' }, now)).toBe(42);
  });

  it('is finish minus start once finished', () => {
    expect(
      elapsedMs({ startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:30Z' }, now),
    ).toBe(90_000);
  });

  it('counts up to now while running (finishedAt absent or null, as list rows send it)', () => {
    expect(elapsedMs({ startedAt: '2026-01-01T00:09:00Z' }, now)).toBe(60_000);
    expect(elapsedMs({ startedAt: '2026-01-01T00:09:00Z', finishedAt: null }, now)).toBe(60_000);
  });

  it('is undefined before it starts or on a bad time', () => {
    expect(elapsedMs({}, now)).toBeUndefined();
    expect(elapsedMs({ startedAt: null, finishedAt: null }, now)).toBeUndefined();
    expect(elapsedMs({ startedAt: 'yesterday' }, now)).toBeUndefined();
  });
});

describe('formatAge', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  it.each([
    ['2026-01-01T12:00:02Z', 'just now'],
    ['2026-01-01T11:57:00Z', '3m ago'],
    ['2026-01-01T10:00:00Z', '2h ago'],
    ['2026-01-01T12:00:30Z', 'in 30s'],
    [undefined, '–'],
  ])('%s is %s', (iso, text) => {
    expect(formatAge(iso, now)).toBe(text);
  });
});
