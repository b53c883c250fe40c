import { describe, expect, it } from 'vitest';
import { RegistryAuthError } from './registry-auth-error.js';
import { formatScope, parseScope, parseScopes } from './registry-scope.js';

describe('parseScope', () => {
  it.each([
    ['repository:shop/web:pull', { type: 'repository', name: 'shop/web', actions: ['pull'] }],
    [
      'repository:shop/web:pull,push',
      { type: 'repository', name: 'shop/web', actions: ['pull', 'push'] },
    ],
    ['registry:catalog:*', { type: 'registry', name: 'catalog', actions: ['*'] }],
    [
      'repository(plugin):vieux/sshfs:pull',
      { type: 'repository', resourceClass: 'plugin', name: 'vieux/sshfs', actions: ['pull'] },
    ],
    // A name may hold a host:port; the actions start after the last colon.
    [
      'repository:127.0.0.1:5001/shop/web:pull',
      { type: 'repository', name: '127.0.0.1:5001/shop/web', actions: ['pull'] },
    ],
    ['repository:a:pull,pull,', { type: 'repository', name: 'a', actions: ['pull'] }],
  ])('reads %s', (text, expected) => {
    expect(parseScope(text)).toEqual(expected);
  });

  it.each([
    ['repository', 'does not have a type, a name and actions'],
    ['repository:web', 'does not have a type, a name and actions'],
    [':web:pull', 'does not have a type, a name and actions'],
    ['Repo:web:pull', 'malformed resource type'],
    ['repository::pull', 'names no resource'],
    ['repository:web:', 'names no action'],
    [`repository:${'a'.repeat(600)}:pull`, 'longer than 512'],
  ])('refuses %s with a 400 naming why', (text, why) => {
    let error: unknown;
    try {
      parseScope(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RegistryAuthError);
    expect((error as RegistryAuthError).status).toBe(400);
    expect((error as RegistryAuthError).message).toContain(why);
  });
});

describe('parseScopes', () => {
  it('takes repeated GET parameters and space-separated OAuth scopes alike', () => {
    expect(
      parseScopes(['repository:a:pull', 'repository:b:push repository:c:pull', '']).map(
        (s) => s.name,
      ),
    ).toEqual(['a', 'b', 'c']);
  });

  it('takes no scope (a login)', () => {
    expect(parseScopes([])).toEqual([]);
  });

  it('refuses more than 32 scopes', () => {
    expect(() =>
      parseScopes(Array.from({ length: 33 }, (_, i) => `repository:r${i}:pull`)),
    ).toThrow('at most 32 scopes');
  });
});

describe('formatScope', () => {
  it.each(['repository:shop/web:pull,push', 'repository(plugin):x:pull', 'registry:catalog:*'])(
    'writes %s back as it was read',
    (text) => {
      expect(formatScope(parseScope(text))).toBe(text);
    },
  );
});
