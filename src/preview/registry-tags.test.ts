import { describe, expect, it } from 'vitest';
import { isMissingTag } from './registry-tags.js';

describe('isMissingTag', () => {
  it.each([
    ['Unable to delete x. Image may not exist or is not stored with a v2 Schema', true],
    ['manifest unknown', true],
    ['dial tcp 127.0.0.1:5000: connect: connection refused', false],
  ])('%j → %s', (output, missing) => {
    expect(isMissingTag(output)).toBe(missing);
  });
});
