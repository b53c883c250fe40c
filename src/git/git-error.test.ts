import { describe, expect, it } from 'vitest';
import { classifyRemoteFailure, explainRefusedLogin, GitError, gitReason } from './git-error.js';

describe('classifyRemoteFailure', () => {
  it.each([
    ["fatal: Authentication failed for 'https://host/repo/'", 'auth-failed'],
    [
      "fatal: could not read Username for 'http://127.0.0.1:8080': terminal prompts disabled",
      'auth-failed',
    ],
    ['fatal: unable to access: The requested URL returned error: 403', 'auth-failed'],
    ['git@host: Permission denied (publickey).', 'auth-failed'],
    [
      'Host key verification failed.\nfatal: Could not read from remote repository.',
      'host-key-rejected',
    ],
    ["fatal: couldn't find remote ref refs/pull/9/head", 'revision-not-found'],
    ['fatal: remote error: upload-pack: not our ref 1234', 'revision-not-found'],
    [
      "fatal: unable to access 'http://127.0.0.1:1/r/': Failed to connect to 127.0.0.1 port 1: Connection refused",
      'unreachable',
    ],
    [
      "fatal: unable to access 'https://nope.invalid/': Could not resolve host: nope.invalid",
      'unreachable',
    ],
    ["fatal: '/tmp/none' does not appear to be a git repository", 'unreachable'],
    ['fatal: something new', 'command-failed'],
  ])('%s → %s', (stderr, kind) => {
    expect(classifyRemoteFailure(stderr)).toBe(kind);
  });
});

describe('gitReason', () => {
  it('keeps the error lines without their prefixes', () => {
    expect(gitReason('hint: try this\nfatal: the reason\n')).toBe('the reason');
  });
  it('replaces secrets and passwords in URLs', () => {
    expect(gitReason('fatal: bad token s3cret at https://me:other@host/x', ['s3cret'])).toBe(
      'bad token *** at https://me@host/x',
    );
  });
});

describe('GitError', () => {
  it('names the URL and the revision, and says what to do', () => {
    const err = new GitError({
      kind: 'revision-not-found',
      repoURL: 'https://host/repo',
      revision: 'nope',
    });
    expect(err.message).toBe(
      "revision 'nope' not found in https://host/repo; push it or fix targetRevision",
    );
  });
  it('is given the revision of each caller of a shared fetch', () => {
    const shared = new GitError({
      kind: 'unreachable',
      repoURL: 'https://host/repo',
      reason: 'Connection refused',
    });
    const mine = shared.forRevision('main');
    expect(mine.message).toBe(
      "cannot reach https://host/repo for revision 'main': Connection refused; check the URL and the repository's credentials Secret",
    );
    expect(mine.cause).toBe(shared);
    expect(shared.revision).toBeUndefined();
  });
});

describe('explainRefusedLogin', () => {
  const prompt = "could not read Username for 'https://host': terminal prompts disabled";
  it('says the credentials were refused, or missing', () => {
    expect(explainRefusedLogin(prompt, true)).toBe(
      'the server refused the username and password (HTTP 401)',
    );
    expect(explainRefusedLogin(prompt, false)).toContain('none were given');
  });
  it("keeps git's own words otherwise", () => {
    expect(explainRefusedLogin('Authentication failed', true)).toBe('Authentication failed');
  });
});
