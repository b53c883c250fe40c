import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchesPatterns, passesFilter } from './ref-filter.js';

describe('matchesPatterns', () => {
  it.each<[string, string[], boolean]>([
    ['main', ['main'], true],
    ['mainline', ['main'], false],
    ['feature/x', ['feature/*'], true],
    ['feature/x/y', ['feature/*'], false],
    ['feature/x/y', ['feature/**'], true],
    ['releases/10', ['releases/**', '!releases/**-alpha'], true],
    ['releases/10-alpha', ['releases/**', '!releases/**-alpha'], false],
    ['releases/10-alpha', ['releases/**', '!releases/**-alpha', 'releases/10-alpha'], true],
    ['v1.2.0', ['v*'], true],
    ['v1.2.0', ['v[12].[0-9]+.0'], true],
    ['v3.2.0', ['v[12].[0-9]+.0'], false],
    ['colour', ['colou?r'], true],
    ['color', ['colou?r'], true],
    ['a.b', ['a?b'], false],
    ['dev', ['!dev'], false],
  ])('%s against %j is %s', (name, patterns, expected) => {
    expect(matchesPatterns(name, patterns)).toBe(expected);
  });

  it('matches any name without glob characters by itself (property)', () => {
    const literal = fc.stringMatching(/^[a-z0-9._/-]{1,20}$/);
    fc.assert(fc.property(literal, (name) => matchesPatterns(name, [name])));
  });

  it('matches every name with ** and no name when ** is then negated (property)', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(matchesPatterns(name, ['**'])).toBe(!name.includes('\n'));
        expect(matchesPatterns(name, ['**', '!**'])).toBe(false);
      }),
    );
  });
});

describe('passesFilter', () => {
  it.each<[string, string[] | undefined, string[] | undefined, boolean]>([
    ['main', undefined, undefined, true],
    ['main', ['main'], undefined, true],
    ['dev', undefined, ['dev'], false],
    ['main', undefined, ['dev*'], true],
  ])('%s with branches %j and branches-ignore %j is %s', (name, include, ignore, expected) => {
    expect(passesFilter(name, include, ignore)).toBe(expected);
  });
});
