import { describe, expect, it } from 'vitest';
import { ServerError } from '../../server-client.js';
import {
  commandTarget,
  describeServerError,
  serverCredentials,
  type TargetFlags,
  type TargetSettings,
} from './command-target.js';

const signedIn: TargetSettings = { config: { server: 'http://a:1', token: 'slw_a' } };
const loggedOut: TargetSettings = { config: { server: 'http://a:1' } };
const fromEnv: TargetSettings = { config: {}, envServer: 'http://e:2', envToken: 'slw_e' };
const envServerOnly: TargetSettings = { config: {}, envServer: 'http://e:2' };

describe('commandTarget', () => {
  it.each<[string, TargetSettings, TargetFlags, 'server' | 'local']>([
    ['nothing configured', { config: {} }, {}, 'local'],
    ['signed in with slipway login', signedIn, {}, 'server'],
    ['signed out (server kept, no token)', loggedOut, {}, 'local'],
    ['--local over a signed-in config', signedIn, { local: true }, 'local'],
    ['--server with nothing configured', { config: {} }, { server: 'http://b:3' }, 'server'],
    ['SLIPWAY_SERVER and SLIPWAY_TOKEN', fromEnv, {}, 'server'],
    ['SLIPWAY_SERVER without a token', envServerOnly, {}, 'local'],
    ['--local over the environment', fromEnv, { local: true }, 'local'],
  ])('%s → %s', (_what, settings, flags, expected) => {
    expect(commandTarget(settings, flags)).toBe(expected);
  });

  it('refuses --local with --server', () => {
    expect(() => commandTarget(signedIn, { local: true, server: 'http://b:3' })).toThrow(
      /--local and --server/,
    );
  });
});

describe('serverCredentials', () => {
  it.each<[string, TargetSettings, TargetFlags, { server: string; token?: string }]>([
    ['the saved server and token', signedIn, {}, { server: 'http://a:1', token: 'slw_a' }],
    [
      'the saved token for the same --server',
      signedIn,
      { server: 'http://a:1/' },
      { server: 'http://a:1', token: 'slw_a' },
    ],
    [
      'no saved token for another server',
      signedIn,
      { server: 'http://b:3' },
      { server: 'http://b:3' },
    ],
    [
      'the environment over the file',
      { ...signedIn, ...fromEnv },
      {},
      { server: 'http://e:2', token: 'slw_e' },
    ],
  ])('%s', (_what, settings, flags, expected) => {
    expect(serverCredentials(settings, flags)).toEqual(expected);
  });
});

describe('describeServerError', () => {
  it('shows the code, the message and the hint', () => {
    const error = new ServerError('vera may not rollout.promote', 403, 'forbidden', 'ask an admin');
    expect(describeServerError(error)).toBe(
      'forbidden: vera may not rollout.promote\n  → ask an admin',
    );
  });

  it('points a 401 at slipway login', () => {
    const error = new ServerError('sign in first', 401, 'unauthenticated', 'send a token');
    expect(describeServerError(error)).toContain('slipway login');
  });
});
