import { describe, expect, it } from 'vitest';
import { matchesGlob } from './glob.js';

describe('matchesGlob (Argo CD directory include/exclude)', () => {
  it.each([
    ['deploy.yaml', '*.yaml', true],
    ['sub/deploy.yaml', '*.yaml', true],
    ['deploy.yml', '*.yaml', false],
    ['a.yaml', '{a.yaml,b.yaml}', true],
    ['c.yaml', '{a.yaml,b.yaml}', false],
    ['config/x.json', 'config/*', true],
    ['configs/x.json', 'config/*', false],
    ['a.b', 'a?b', true],
    ['a+b.yaml', 'a+b.yaml', true],
  ])('%s ~ %s → %s', (path, pattern, expected) => {
    expect(matchesGlob(path, pattern)).toBe(expected);
  });
});
