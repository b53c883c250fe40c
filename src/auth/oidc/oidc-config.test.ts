import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import { parseOidcConfig } from './oidc-config.js';

const minimal = `
issuer: https://idp.example
clientId: slipway
redirectUrl: https://slipway.example/api/session/oidc/callback
grants: [{group: devs, role: deployer}]
`;

describe('parseOidcConfig', () => {
  it('fills in the defaults', () => {
    expect(parseOidcConfig(minimal, 'oidc.yaml')).toEqual({
      name: 'SSO',
      issuer: 'https://idp.example',
      clientId: 'slipway',
      redirectUrl: 'https://slipway.example/api/session/oidc/callback',
      scopes: ['openid', 'profile', 'email', 'groups'],
      groupsClaim: 'groups',
      userClaim: 'sub',
      grants: [{ group: 'devs', role: 'deployer', project: '*' }],
    });
  });

  it.each([
    ['a role Slipway lacks', minimal.replace('deployer', 'owner'), /grants\.0\.role/],
    ['no grants', minimal.replace(/grants:.*/, 'grants: []'), /grants/],
    ['no issuer', minimal.replace(/issuer:.*/, ''), /issuer/],
    ['no openid scope', `${minimal}scopes: [email]\n`, /openid/],
    ['not YAML', 'issuer: [', /not YAML/],
  ])('refuses %s, naming the file', (_name, text, message) => {
    const error = (() => {
      try {
        return parseOidcConfig(text, 'oidc.yaml');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/oidc\.yaml/);
    expect((error as InputError).message).toMatch(message);
  });
});
