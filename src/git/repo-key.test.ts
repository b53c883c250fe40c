import { describe, expect, it } from 'vitest';
import { mirrorDirName, redactURL, repoKey, splitURLCredentials } from './repo-key.js';

describe('repoKey', () => {
  it.each([
    ['https://GitHub.com/Org/Repo.git', 'https://github.com/Org/Repo'],
    ['https://github.com/Org/Repo/', 'https://github.com/Org/Repo'],
    ['https://github.com/Org/Repo.git/', 'https://github.com/Org/Repo'],
    ['https://user:secret@github.com/Org/Repo', 'https://github.com/Org/Repo'],
    ['HTTPS://GITHUB.COM:8443/Org/Repo', 'https://github.com:8443/Org/Repo'],
    ['git@GitHub.com:Org/Repo.git', 'github.com:Org/Repo'],
    ['ssh://git@GitHub.com/Org/Repo.git', 'ssh://github.com/Org/Repo'],
    ['file:///tmp/repos/app.git', 'file:///tmp/repos/app'],
    ['/tmp/repos/app/', '/tmp/repos/app'],
  ])('%s → %s', (url, key) => {
    expect(repoKey(url)).toBe(key);
  });

  it('keeps the path case: some servers are case-sensitive', () => {
    expect(repoKey('https://host/A/b')).not.toBe(repoKey('https://host/a/b'));
  });
});

describe('mirrorDirName', () => {
  it('gives one folder to spellings of one repository, and a safe name', () => {
    const name = mirrorDirName('https://GitHub.com/org/repo.git');
    expect(name).toBe(mirrorDirName('https://github.com/org/repo/'));
    expect(name).toMatch(/^[0-9a-f]{32}$/);
    expect(name).not.toBe(mirrorDirName('https://github.com/org/other'));
  });
});

describe('redactURL', () => {
  it.each([
    ['https://user:hunter2@host/repo', 'https://user@host/repo'],
    ['https://host/repo', 'https://host/repo'],
    ['git@host:org/repo', 'git@host:org/repo'],
  ])('%s → %s', (url, shown) => {
    expect(redactURL(url)).toBe(shown);
  });
});

describe('splitURLCredentials', () => {
  it('moves user and password out of an https URL', () => {
    expect(splitURLCredentials('https://me:p%40ss@host/repo')).toEqual({
      url: 'https://host/repo',
      username: 'me',
      password: 'p@ss',
    });
  });
  it('leaves ssh and credential-free URLs alone', () => {
    expect(splitURLCredentials('ssh://git@host/repo')).toEqual({ url: 'ssh://git@host/repo' });
    expect(splitURLCredentials('https://host/repo')).toEqual({ url: 'https://host/repo' });
  });
});
