import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { isDnsLabel, labelValue, previewImageTags, previewNamespace } from './preview-names.js';

describe('previewNamespace', () => {
  it.each<[number, string, string]>([
    [12, 'cat-app', 'pr-12-cat-app'],
    [7, 'Cat_App', 'pr-7-cat-app'],
    [7, '--web..frontend--', 'pr-7-web-frontend'],
    [3, 'shop/web api', 'pr-3-shop-web-api'],
    [5, '', 'pr-5'],
  ])('PR %i of app %j is %j', (pr, app, expected) => {
    expect(previewNamespace(pr, app)).toBe(expected);
  });

  it('truncates a long app name to 63 characters with a hash, never ending in "-"', () => {
    const app = `${'a'.repeat(50)}-${'b'.repeat(30)}`;
    const name = previewNamespace(42, app);
    expect(name).toHaveLength(63);
    expect(name).toMatch(/^pr-42-a+-[0-9a-f]{6}$/);
    expect(isDnsLabel(name)).toBe(true);
  });

  it('keeps two long app names that share their first 60 characters apart', () => {
    const shared = 'x'.repeat(70);
    expect(previewNamespace(1, `${shared}-web`)).not.toBe(previewNamespace(1, `${shared}-api`));
  });

  it('trims a dash left at the cut before the hash', () => {
    // The cut (56 characters) falls right after a '-'.
    const app = `${'a'.repeat(49)}-${'b'.repeat(40)}`;
    const name = previewNamespace(1, app);
    expect(name).not.toContain('--');
    expect(isDnsLabel(name)).toBe(true);
  });

  it.each([0, -3, 1.5, Number.NaN])('refuses PR number %d', (pr) => {
    expect(() => previewNamespace(pr, 'cat-app')).toThrow(InputError);
  });

  it('is a valid RFC 1123 label for any app name and PR number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.string({ maxLength: 200 }),
        (pr, app) => {
          const name = previewNamespace(pr, app);
          expect(isDnsLabel(name)).toBe(true);
          expect(name.startsWith(`pr-${pr}`)).toBe(true);
        },
      ),
    );
  });
});

describe('labelValue', () => {
  it('fits any text into a label value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (text) => {
        const value = labelValue(text);
        expect(value.length).toBeLessThanOrEqual(63);
        expect(value).toMatch(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/);
      }),
    );
  });
});

describe('previewImageTags', () => {
  it('names the tag pr-open.yaml pushes', () => {
    expect(previewImageTags(12)).toEqual(['canary-pr-12']);
  });
});
