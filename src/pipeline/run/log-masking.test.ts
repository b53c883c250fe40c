import { describe, expect, it } from 'vitest';
import { createMasker, createRunMasker } from './log-masking.js';

describe('createMasker', () => {
  it.each([
    [{ TOKEN: 'hunter22' }, 'login with hunter22 now', 'login with *** now'],
    [{ TOKEN: 'hunter22' }, 'hunter22hunter22', '******'],
    [{ A: 'abcd', B: 'abcdef' }, 'x abcdef y abcd', 'x *** y ***'],
    [{ SHORT: 'on' }, 'turned on', 'turned on'],
    [{ KEY: 'line-one\nline-two' }, 'got line-two', 'got ***'],
    [{}, 'nothing to hide', 'nothing to hide'],
  ])('masks %j in %j', (secrets, line, expected) => {
    expect(createMasker(secrets)(line)).toBe(expected);
  });
});

describe('createRunMasker', () => {
  it('masks the secrets, and each value hidden later from then on', () => {
    const mask = createRunMasker({ TOKEN: 'hunter22' });
    expect(mask('hunter22 and eyJ.run.token')).toBe('*** and eyJ.run.token');
    mask.hide('eyJ.run.token');
    expect(mask('hunter22 and eyJ.run.token')).toBe('*** and ***');
  });
});
