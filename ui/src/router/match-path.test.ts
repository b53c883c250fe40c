import { describe, expect, it } from 'vitest';
import { matchPath } from './match-path';

describe('matchPath', () => {
  it.each([
    ['/applications', '/applications', {}],
    ['/applications', '/applications/', {}],
    [
      '/applications/:namespace/:name',
      '/applications/shop/web',
      { namespace: 'shop', name: 'web' },
    ],
    ['/runs/:id', '/runs/run%2F42', { id: 'run/42' }],
  ])('%s matches %s', (pattern, path, params) => {
    expect(matchPath(pattern, path)).toEqual(params);
  });

  it.each([
    ['/applications', '/rollouts'],
    ['/applications/:namespace/:name', '/applications/shop'],
    ['/runs/:id', '/runs/%E0%A4%A'],
  ])('%s does not match %s', (pattern, path) => {
    expect(matchPath(pattern, path)).toBeUndefined();
  });
});
