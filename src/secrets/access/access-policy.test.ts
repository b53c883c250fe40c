import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import { allowed, parseSecretPolicies, type SecretPolicy } from './access-policy.js';
import { globMatches } from './glob.js';

describe('globMatches', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['db-*', 'db-password', true],
    ['db-*', 'api-db-password', false],
    ['*-password', 'db-password', true],
    ['db-?', 'db-1', true],
    ['db-?', 'db-12', false],
    ['system:serviceaccount:shop:*', 'system:serviceaccount:shop:web', true],
    ['system:serviceaccount:shop:*', 'system:serviceaccount:shopping:web', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
    ['db.*', 'dbx', false],
  ])('%j against %j is %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });

  it('a pattern without wildcards matches only itself', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z.-]{0,12}$/),
        fc.stringMatching(/^[a-z.-]{0,12}$/),
        (a, b) => {
          expect(globMatches(a, b)).toBe(a === b);
        },
      ),
    );
  });

  it('stays fast on a pathological pattern', () => {
    const started = Date.now();
    expect(globMatches(`${'*a'.repeat(200)}b`, 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

const policies: SecretPolicy[] = [
  {
    identity: 'system:serviceaccount:shop:web',
    secrets: 'db-*',
    project: 'shop',
    permissions: ['read'],
  },
  { identity: 'ci:*', secrets: '*', project: '*', permissions: ['write'] },
];

describe('allowed', () => {
  it.each([
    ['system:serviceaccount:shop:web', 'db-password', 'shop', 'read', true],
    ['system:serviceaccount:shop:web', 'db-password', 'shop', 'write', false],
    ['system:serviceaccount:shop:web', 'stripe-key', 'shop', 'read', false],
    ['system:serviceaccount:shop:web', 'db-password', 'bank', 'read', false],
    ['system:serviceaccount:shop:worker', 'db-password', 'shop', 'read', false],
    ['ci:deployer', 'anything', 'bank', 'write', true],
    ['ci:deployer', 'anything', 'bank', 'read', false],
  ] as const)('%s %s %s %s → %s', (identity, name, project, permission, expected) => {
    expect(allowed(policies, identity, name, project, permission)).toBe(expected);
  });

  it('denies everything with no policies', () => {
    expect(allowed([], 'root', 'x', 'shop', 'read')).toBe(false);
  });
});

describe('parseSecretPolicies', () => {
  it('accepts well-formed policies', () => {
    expect(parseSecretPolicies(policies, 'policies.yaml')).toEqual(policies);
  });

  it.each([
    [[{ ...policies[0], permissions: ['admin'] }], /permissions\.0/],
    [[{ ...policies[0], project: '../x' }], /project/],
    [[{ ...policies[0], extra: 1 }], /Unrecognized key/],
    [{}, /\(root\)/],
  ])('names the field at fault in %j', (input, message) => {
    expect(() => parseSecretPolicies(input, 'policies.yaml')).toThrow(InputError);
    expect(() => parseSecretPolicies(input, 'policies.yaml')).toThrow(message);
  });
});
