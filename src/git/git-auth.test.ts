import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  gitConfigEnv,
  httpAuthConfig,
  isSshURL,
  secretsOf,
  sshCommand,
  withGitAuth,
} from './git-auth.js';

describe('isSshURL', () => {
  it.each([
    ['git@github.com:org/repo.git', true],
    ['ssh://git@host/repo', true],
    ['git+ssh://host/repo', true],
    ['https://host/repo', false],
    ['file:///tmp/repo', false],
    ['/tmp/repo', false],
  ])('%s → %s', (url, ssh) => {
    expect(isSshURL(url)).toBe(ssh);
  });
});

describe('https credentials', () => {
  it('become a Basic header in the environment, not in argv', () => {
    const env = gitConfigEnv(httpAuthConfig({ username: 'me', password: 'pw' }));
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'credential.helper',
      GIT_CONFIG_VALUE_0: '',
      GIT_CONFIG_KEY_1: 'http.extraHeader',
      GIT_CONFIG_VALUE_1: `Authorization: Basic ${Buffer.from('me:pw').toString('base64')}`,
    });
  });
  it('lists the password and its encoded header as secrets to scrub', () => {
    expect(secretsOf({ password: 'tok' })).toEqual([
      'tok',
      Buffer.from('git:tok').toString('base64'),
    ]);
    expect(secretsOf(undefined)).toEqual([]);
  });
});

describe('sshCommand', () => {
  it('uses only the given key and checks host keys by default', () => {
    expect(sshCommand("/tmp/a b/it's", false)).toBe(
      "ssh -o BatchMode=yes -o ConnectTimeout=30 -i '/tmp/a b/it'\\''s' -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes",
    );
  });
  it('skips host key checks only when told', () => {
    expect(sshCommand(undefined, true)).toContain('StrictHostKeyChecking=no');
  });
});

describe('withGitAuth', () => {
  it('keeps an SSH key in a 0600 file only while the command runs', async () => {
    let keyFile = '';
    const mode = await withGitAuth('git@host:org/repo', { sshPrivateKey: 'KEY' }, async (env) => {
      keyFile = /-i '([^']+)'/.exec(env['GIT_SSH_COMMAND'] ?? '')?.[1] ?? '';
      return (await stat(keyFile)).mode & 0o777;
    });
    expect(mode).toBe(0o600);
    await expect(stat(keyFile)).rejects.toThrow();
  });
  it('deletes the key when the command fails', async () => {
    let keyFile = '';
    await expect(
      withGitAuth('ssh://host/repo', { sshPrivateKey: 'KEY' }, (env) => {
        keyFile = /-i '([^']+)'/.exec(env['GIT_SSH_COMMAND'] ?? '')?.[1] ?? '';
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    await expect(stat(keyFile)).rejects.toThrow();
  });
  it('adds nothing for a public https repository', async () => {
    expect(
      await withGitAuth('https://host/repo', undefined, (env) => Promise.resolve(env)),
    ).toEqual({});
  });
});
