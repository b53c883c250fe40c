import { describe, expect, it } from 'vitest';
import { shellQuote } from './cluster-env.js';

describe('shellQuote', () => {
  it.each([
    [
      '/root/.cache/slipway/cluster/kubeconfig/admin.yaml',
      '/root/.cache/slipway/cluster/kubeconfig/admin.yaml',
    ],
    ['127.0.0.1:5000', '127.0.0.1:5000'],
    ['/path with space', "'/path with space'"],
    ["it's", "'it'\\''s'"],
  ])('quotes %s as %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });
});
