import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import {
  allowedActions,
  decideScopes,
  isRepositoryName,
  parseRegistryPolicies,
  type RegistryPolicy,
} from './registry-policy.js';
import { parseScope } from './registry-scope.js';

const policies: RegistryPolicy[] = [
  { identity: 'system:serviceaccount:shop:web', repositories: 'shop/*', actions: ['pull'] },
  { identity: 'pipeline:cats/cat-app:*', repositories: 'cats/*', actions: ['pull', 'push'] },
  { identity: 'user:admin', repositories: '*', actions: ['pull', 'push', 'delete'] },
  { identity: 'anonymous', repositories: 'public/*', actions: ['pull'] },
];

describe('allowedActions', () => {
  it.each([
    ['system:serviceaccount:shop:web', 'shop/web', ['pull']],
    ['system:serviceaccount:shop:web', 'shop/deep/name', ['pull']],
    ['system:serviceaccount:shop:web', 'bank/vault', []],
    ['system:serviceaccount:shop:worker', 'shop/web', []],
    ['system:serviceaccount:shopping:web', 'shop/web', []],
    ['pipeline:cats/cat-app:build', 'cats/cat-app', ['pull', 'push']],
    ['pipeline:cats/other:build', 'cats/cat-app', []],
    ['user:admin', 'anything/at/all', ['pull', 'push', 'delete']],
    ['anonymous', 'public/base', ['pull']],
    ['anonymous', 'shop/web', []],
    // Names outside distribution's grammar get nothing, whatever the policies say.
    ['user:admin', 'Shop/Web', []],
    ['user:admin', 'shop/../bank', []],
    ['user:admin', 'shop//web', []],
    ['user:admin', '', []],
  ] as const)('%s on %j → %j', (principal, repository, expected) => {
    expect([...allowedActions(policies, principal, repository)].sort()).toEqual(
      [...expected].sort(),
    );
  });

  it('never lets a wildcard identity match anonymous', () => {
    const open: RegistryPolicy[] = [{ identity: '*', repositories: '*', actions: ['pull'] }];
    expect(allowedActions(open, 'anonymous', 'shop/web').size).toBe(0);
    expect(allowedActions(open, 'user:anyone', 'shop/web').has('pull')).toBe(true);
  });

  it('denies everything with no policies', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^[a-z0-9]+(\/[a-z0-9]+)*$/), (who, repo) => {
        expect(allowedActions([], who, repo).size).toBe(0);
      }),
    );
  });
});

describe('isRepositoryName', () => {
  it.each([
    ['shop/web', true],
    ['a', true],
    ['my-app/v1.2_x', true],
    ['a__b', true],
    ['a---b', true],
    ['-a', false],
    ['a.', false],
    ['A', false],
    ['a/', false],
    ['a..b', false],
    [`${'a'.repeat(256)}`, false],
  ])('%j → %s', (name, expected) => {
    expect(isRepositoryName(name)).toBe(expected);
  });
});

describe('decideScopes', () => {
  const decide = (principal: string, scope: string): { granted: string[]; denied: string[] } => {
    const [decision] = decideScopes(policies, principal, [parseScope(scope)]);
    return { granted: [...(decision?.granted ?? [])], denied: [...(decision?.denied ?? [])] };
  };

  it.each([
    ['system:serviceaccount:shop:web', 'repository:shop/web:pull', ['pull'], []],
    ['system:serviceaccount:shop:web', 'repository:shop/web:pull,push', ['pull'], ['push']],
    ['system:serviceaccount:shop:web', 'repository:bank/vault:pull', [], ['pull']],
    ['pipeline:cats/cat-app:build', 'repository:cats/cat-app:push,pull', ['pull', 'push'], []],
    ['user:admin', 'repository:x:*', ['pull', 'push', 'delete'], []],
    ['system:serviceaccount:shop:web', 'repository:shop/web:*', ['pull'], ['push', 'delete']],
    ['user:admin', 'repository:x:pull,fly', ['pull'], ['fly']],
    // The catalog lists every repository: nobody gets it, however broad their policy.
    ['user:admin', 'registry:catalog:*', [], ['pull', 'push', 'delete']],
    ['anonymous', 'repository:shop/web:pull', [], ['pull']],
  ] as const)('%s asking %s gets %j, denied %j', (principal, scope, granted, denied) => {
    expect(decide(principal, scope)).toEqual({ granted, denied });
  });

  it('decides each scope of a request on its own', () => {
    const decisions = decideScopes(policies, 'system:serviceaccount:shop:web', [
      parseScope('repository:shop/web:pull'),
      parseScope('repository:bank/vault:pull'),
    ]);
    expect(decisions.map((d) => d.granted)).toEqual([['pull'], []]);
  });
});

describe('parseRegistryPolicies', () => {
  it('accepts well-formed policies, and an empty file as no policy', () => {
    expect(parseRegistryPolicies(policies, 'registry-policies.yaml')).toEqual(policies);
    expect(parseRegistryPolicies(null, 'registry-policies.yaml')).toEqual([]);
  });

  it.each([
    [[{ ...policies[0], actions: ['read'] }], /registry-policies\.yaml: .*field 0\.actions\.0/],
    [[{ ...policies[0], actions: [] }], /field 0\.actions/],
    [[{ ...policies[0], repository: 'x' }], /Unrecognized key/],
    [[{ identity: 'x', actions: ['pull'] }], /field 0\.repositories/],
    [{ identity: 'x' }, /field \(root\)/],
  ])('names the file and field at fault in %j', (input, message) => {
    expect(() => parseRegistryPolicies(input, 'registry-policies.yaml')).toThrow(InputError);
    expect(() => parseRegistryPolicies(input, 'registry-policies.yaml')).toThrow(message);
  });
});
