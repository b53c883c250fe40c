import { describe, expect, it } from 'vitest';
import { grantsForGroups, groupsOf, userNameOf } from './grant-mapping.js';

const mapping = [
  { group: 'devs', role: 'deployer', project: '*' },
  { group: 'ops', role: 'admin', project: 'shop' },
  { group: 'devs-too', role: 'deployer', project: '*' },
] as const;

describe('grantsForGroups', () => {
  it.each([
    [['devs'], [{ role: 'deployer', project: '*' }]],
    [
      ['ops', 'devs'],
      [
        { role: 'deployer', project: '*' },
        { role: 'admin', project: 'shop' },
      ],
    ],
    [['devs', 'devs-too'], [{ role: 'deployer', project: '*' }]],
    [['marketing'], []],
    [[], []],
  ])('maps groups %j to %j', (groups, grants) => {
    expect(grantsForGroups(groups, mapping)).toEqual(grants);
  });
});

describe('groupsOf', () => {
  it.each([
    [{ groups: ['a', 'b'] }, ['a', 'b']],
    [{ groups: 'a' }, ['a']],
    [{ groups: ['a', 3, null] }, ['a']],
    [{ groups: { a: true } }, []],
    [{}, []],
  ])('reads %j as %j', (claims, groups) => {
    expect(groupsOf(claims, 'groups')).toEqual(groups);
  });
});

describe('userNameOf', () => {
  it('prefixes sub so an IdP account can never be a local user', () => {
    expect(userNameOf({ sub: 'admin' }, 'sub')).toBe('oidc:admin');
  });
  it('uses email only when the IdP says it is verified', () => {
    expect(userNameOf({ email: 'a@x.io', email_verified: true }, 'email')).toBe('oidc:a@x.io');
    expect(userNameOf({ email: 'a@x.io' }, 'email')).toBeUndefined();
    expect(userNameOf({ email: 'a@x.io', email_verified: 'true' }, 'email')).toBeUndefined();
  });
  it('has no name without the claim', () => {
    expect(userNameOf({ sub: '' }, 'sub')).toBeUndefined();
  });
});
