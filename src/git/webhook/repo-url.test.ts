import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeRepoUrl } from './repo-url.js';

describe('normalizeRepoUrl', () => {
  it.each([
    'https://github.com/org/repo',
    'https://github.com/org/repo.git',
    'git@github.com:org/repo.git',
    'ssh://git@github.com/org/repo',
    'ssh://git@github.com:22/org/repo.git',
    'HTTPS://GitHub.com/Org/Repo/',
    'http://github.com/org/repo',
    'git://github.com/org/repo.git',
    'https://token:x-oauth-basic@github.com/org/repo.git',
    'https://github.com:443/org/repo',
    'ssh://git@ssh.github.com:443/org/repo.git',
    '  https://github.com/org/repo.git/  ',
  ])('maps %s to github.com/org/repo', (url) => {
    expect(normalizeRepoUrl(url)).toBe('github.com/org/repo');
  });

  it.each([
    'https://dev.azure.com/org/project/_git/repo',
    'https://org@dev.azure.com/org/project/_git/repo',
    'git@ssh.dev.azure.com:v3/org/project/repo',
    'ssh://git@ssh.dev.azure.com/v3/org/project/repo',
    'https://org.visualstudio.com/DefaultCollection/project/_git/repo',
    'https://org.visualstudio.com/project/_git/repo',
    'org@vs-ssh.visualstudio.com:v3/org/project/repo',
  ])('maps Azure DevOps form %s to dev.azure.com/org/project/_git/repo', (url) => {
    expect(normalizeRepoUrl(url)).toBe('dev.azure.com/org/project/_git/repo');
  });

  it('keeps a non-default port, so one host serving two forges stays two keys', () => {
    expect(normalizeRepoUrl('https://gitea.local:3000/org/repo.git')).toBe(
      'gitea.local:3000/org/repo',
    );
    expect(normalizeRepoUrl('ssh://git@gitea.local:2222/org/repo.git')).toBe(
      'gitea.local:2222/org/repo',
    );
    expect(normalizeRepoUrl('https://gitea.local:3000/org/repo')).not.toBe(
      normalizeRepoUrl('https://gitea.local/org/repo'),
    );
  });

  it('reads git@host:2222/repo the way git does: 2222 is a directory, not a port', () => {
    expect(normalizeRepoUrl('git@gitea.local:2222/org/repo.git')).toBe('gitea.local/2222/org/repo');
  });

  it('keeps different repositories apart', () => {
    const keys = [
      'https://github.com/org/repo',
      'https://github.com/org/repo2',
      'https://github.com/other/repo',
      'https://gitlab.com/org/repo',
      'https://github.com/org/group/repo',
    ].map(normalizeRepoUrl);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each([
    ['file:///path/to/repo', 'file:///path/to/repo'],
    ['file:///path/to/repo/', 'file:///path/to/repo'],
    ['file:///path/to/repo.git', 'file:///path/to/repo.git'],
    ['FILE:///Path/To/Repo.git//', 'file:///Path/To/Repo.git'],
    ['/srv/git/Repo.git/', 'file:///srv/git/Repo.git'],
    ['file:///', 'file:///'],
  ])('keeps the path of local repository %s as %s', (url, key) => {
    expect(normalizeRepoUrl(url)).toBe(key);
  });

  it('does not merge repo and repo.git on disk: they are different directories', () => {
    expect(normalizeRepoUrl('file:///path/to/repo')).not.toBe(
      normalizeRepoUrl('file:///path/to/repo.git'),
    );
  });

  it.each(['', 'not a url', 's3://bucket/repo', 'https://exa mple.com/repo', 'https://h:99999/x'])(
    'returns unrecognised input %j trimmed but unchanged',
    (input) => {
      expect(normalizeRepoUrl(` ${input} `)).toBe(input);
    },
  );
});

const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,11}$/);
const host = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9]$/), { minLength: 2, maxLength: 3 })
  .map((labels) => labels.join('.'))
  .filter((h) => !h.endsWith('visualstudio.com') && !h.startsWith('ssh.'));
const repoPath = fc.array(segment, { minLength: 1, maxLength: 4 });

/** Every way people write one repository on a forge with default ports. */
const spellings = (h: string, path: string[]): string[] => {
  const p = path.join('/');
  return [
    `https://${h}/${p}`,
    `https://${h}/${p}.git`,
    `HTTPS://${h.toUpperCase()}/${p}/`,
    `git@${h}:${p}.git`,
    `ssh://git@${h}/${p}`,
    `ssh://git@${h}:22/${p}.git`,
    `http://user:pass@${h}:80/${p}`,
  ];
};

const urlLike = fc.oneof(
  fc.string(),
  fc.fullUnicodeString(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('https://', 'ssh://', 'git://', 'file://', 'SSH://git@', 'git@', '', '/'),
      fc.stringMatching(/^[\w.@:[\]/%-]{0,30}$/),
      fc.constantFrom('', '/', '.git', '.git/', '/.git', '..git', '/..', '%2e.git', ':8443'),
    )
    .map(([scheme, rest, suffix]) => `${scheme}${rest}${suffix}`),
);

describe('normalizeRepoUrl properties', () => {
  it('is idempotent', () => {
    fc.assert(
      fc.property(urlLike, (url) => {
        const key = normalizeRepoUrl(url);
        expect(normalizeRepoUrl(key)).toBe(key);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives every spelling of one repository the same key', () => {
    fc.assert(
      fc.property(host, repoPath, (h, path) => {
        const keys = new Set(spellings(h, path).map(normalizeRepoUrl));
        expect([...keys]).toEqual([
          `${h}/${path.join('/').toLowerCase()}`.replace(/(\.git)+$/, ''),
        ]);
      }),
    );
  });
});
