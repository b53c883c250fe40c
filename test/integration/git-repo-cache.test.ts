import {
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  readlink,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/exec/index.js';
import { GitError, RepoCache } from '../../src/git/index.js';
import type { GitCredentials } from '../../src/git/index.js';
import { startGitHttpServer } from './support/git-http-server.js';
import type { GitHttpServer } from './support/git-http-server.js';

const user = 'deployer';
const password = 'pw-Zq81-never-shown';

/** git as a developer runs it, in the work tree that pushes to the served repository. */
function dev(cwd: string, ...args: string[]): Promise<string> {
  return runCommand(
    'git',
    [
      '-c',
      'user.name=Dev',
      '-c',
      'user.email=dev@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } },
  ).then((out) => out.trim());
}

async function commitFile(work: string, path: string, content: string): Promise<string> {
  await mkdir(join(work, path, '..'), { recursive: true });
  await writeFile(join(work, path), content);
  await dev(work, 'add', '-A');
  await dev(work, 'commit', '-q', '-m', `write ${path}`);
  return dev(work, 'rev-parse', 'HEAD');
}

/** A port nothing listens on: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function caught(promise: Promise<unknown>): Promise<GitError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof GitError)) throw new Error(`expected a GitError, got ${String(err)}`);
  return err;
}

const root = await mkdtemp(join(tmpdir(), 'slipway-git-cache-'));
const served = join(root, 'served');
const work = join(root, 'work');
let server: GitHttpServer;
/** The commits of the fixture repository, by what they are. */
const shas = { first: '', main: '', feature: '', annotated: '' };

beforeAll(async () => {
  await mkdir(served, { recursive: true });
  await dev(served, 'init', '-q', '--bare', '-b', 'main', 'app.git');
  await dev(root, 'init', '-q', '-b', 'main', 'work');
  await dev(work, 'remote', 'add', 'origin', join(served, 'app.git'));
  await writeFile(join(work, 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  await mkdir(join(work, 'manifests', 'base'), { recursive: true });
  await writeFile(join(work, 'manifests', 'base', 'deploy.yaml'), 'kind: Deployment\n');
  await dev(work, 'add', '-A');
  await runCommand('ln', ['-s', 'manifests/base/deploy.yaml', join(work, 'link.yaml')]);
  shas.first = await commitFile(work, 'README.md', 'first\n');
  await dev(work, 'tag', 'v1');
  shas.main = await commitFile(
    work,
    'manifests/base/deploy.yaml',
    'kind: Deployment\nreplicas: 2\n',
  );
  await dev(work, 'tag', '-a', 'v2', '-m', 'release 2');
  shas.annotated = shas.main;
  await dev(work, 'checkout', '-q', '-b', 'feature');
  shas.feature = await commitFile(work, 'feature.txt', 'feature\n');
  await dev(work, 'checkout', '-q', 'main');
  await dev(work, 'push', '-q', '--tags', 'origin', 'main', 'feature');
  server = await startGitHttpServer({ projectRoot: served, username: user, password });
});

afterAll(async () => {
  await server.close();
  // Checked-out trees are read-only; without write permission a non-root user cannot delete them.
  await runCommand('chmod', ['-R', 'u+w', root]);
  await rm(root, { recursive: true, force: true });
});

type Transport = { name: string; url: () => string; credentials?: GitCredentials };
const transports: Transport[] = [
  { name: 'file://', url: () => `file://${served}/app.git` },
  {
    name: 'http with Basic auth',
    url: () => `${server.baseURL}/app.git`,
    credentials: { username: user, password },
  },
];

describe.each(transports)('RepoCache over $name', ({ url, credentials }) => {
  let cache: RepoCache;
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(root, 'cache-'));
    cache = new RepoCache({ cacheDir });
  });

  it('resolves HEAD, branches, tags, short and full shas and refs to full shas', async () => {
    const resolve = (rev: string) => cache.resolveRevision(url(), rev, credentials);
    expect(await resolve('HEAD')).toBe(shas.main);
    expect(await resolve('')).toBe(shas.main);
    expect(await resolve('main')).toBe(shas.main);
    expect(await resolve('feature')).toBe(shas.feature);
    expect(await resolve('v1')).toBe(shas.first);
    expect(await resolve('v2')).toBe(shas.annotated);
    expect(await resolve('refs/heads/feature')).toBe(shas.feature);
    expect(await resolve('refs/tags/v1')).toBe(shas.first);
    expect(await resolve(shas.first.slice(0, 8))).toBe(shas.first);
    expect(await resolve(shas.feature)).toBe(shas.feature);
    expect(await resolve(shas.first.toUpperCase())).toBe(shas.first);
  });

  it('sees a commit pushed since the last resolve', async () => {
    const before = await cache.resolveRevision(url(), 'feature', credentials);
    await dev(work, 'checkout', '-q', 'feature');
    const pushed = await commitFile(work, `pushed-${Date.now()}.txt`, 'new\n');
    await dev(work, 'push', '-q', 'origin', 'feature');
    await dev(work, 'checkout', '-q', 'main');
    expect(pushed).not.toBe(before);
    expect(await cache.resolveRevision(url(), 'feature', credentials)).toBe(pushed);
    shas.feature = pushed;
  });

  it('says which revision is missing and what to do', async () => {
    const err = await caught(cache.resolveRevision(url(), 'nope', credentials));
    expect(err.kind).toBe('revision-not-found');
    expect(err.message).toBe(
      `revision 'nope' not found in ${url()}; push it or fix targetRevision`,
    );
    const unknownSha = 'f'.repeat(40);
    expect((await caught(cache.resolveRevision(url(), unknownSha, credentials))).message).toContain(
      `revision '${unknownSha}' not found`,
    );
  });

  it('checks out the tree of a commit once, read-only, with its content', async () => {
    const sha = await cache.resolveRevision(url(), 'v2', credentials);
    const [dir, again] = await Promise.all([
      cache.checkout(url(), sha),
      cache.checkout(url(), sha),
    ]);
    expect(again).toBe(dir);
    expect(dir).toBe(join(cacheDir, 'trees', sha));
    expect(await readFile(join(dir, 'manifests/base/deploy.yaml'), 'utf8')).toBe(
      'kind: Deployment\nreplicas: 2\n',
    );
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('first\n');
    expect(await readlink(join(dir, 'link.yaml'))).toBe('manifests/base/deploy.yaml');
    expect((await lstat(join(dir, 'run.sh'))).mode & 0o777).toBe(0o555);
    expect((await lstat(join(dir, 'README.md'))).mode & 0o222).toBe(0);
    expect((await lstat(dir)).mode & 0o222).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'link.yaml', 'manifests', 'run.sh']);
    // No half-written folder is left beside it.
    expect(await readdir(join(cacheDir, 'trees'))).toEqual([sha]);
    expect(await cache.checkout(url(), sha)).toBe(dir);
  });

  it('checks out a commit it has not fetched yet (a fresh cache after a restart)', async () => {
    const dir = await cache.checkout(url(), shas.first, credentials);
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('first\n');
  });

  it('lists the paths changed between two commits', async () => {
    const to = await cache.resolveRevision(url(), 'v2', credentials);
    const from = await cache.resolveRevision(url(), 'v1', credentials);
    expect(await cache.listChangedPaths(url(), from, to)).toEqual(['manifests/base/deploy.yaml']);
  });
});

describe('RepoCache fetching over http', () => {
  const repoURL = (): string => `${server.baseURL}/app.git`;
  const creds: GitCredentials = { username: user, password };
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(root, 'cache-'));
  });

  it('fetches once for 50 concurrent resolves of one repository', async () => {
    const cache = new RepoCache({ cacheDir });
    const before = server.uploadPackAdvertisements();
    const revisions = ['main', 'HEAD', 'feature', 'v1', 'v2'];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        cache.resolveRevision(repoURL(), revisions[i % revisions.length] ?? 'main', creds),
      ),
    );
    expect(server.uploadPackAdvertisements() - before).toBe(1);
    expect(results[0]).toBe(shas.main);
    expect(results[2]).toBe(shas.feature);
    expect(new Set(results).size).toBe(3);
  });

  it('returns a full sha already mirrored without asking the server', async () => {
    const cache = new RepoCache({ cacheDir });
    await cache.resolveRevision(repoURL(), 'main', creds);
    const requests = server.requests.length;
    expect(await cache.resolveRevision(repoURL(), shas.first, creds)).toBe(shas.first);
    expect(server.requests.length).toBe(requests);
  });

  it('asks the server at most once per fetchTtlMs, unless told a push arrived', async () => {
    const cache = new RepoCache({ cacheDir, fetchTtlMs: 60_000 });
    const before = server.uploadPackAdvertisements();
    await cache.resolveRevision(repoURL(), 'main', creds);
    await cache.resolveRevision(repoURL(), 'feature', creds);
    expect(server.uploadPackAdvertisements() - before).toBe(1);
    cache.markStale(repoURL());
    await cache.resolveRevision(repoURL(), 'main', creds);
    expect(server.uploadPackAdvertisements() - before).toBe(2);
  });

  it('reports a wrong password naming the URL, never the password', async () => {
    const cache = new RepoCache({ cacheDir });
    const wrong = 'wrong-Pw-77';
    const err = await caught(
      cache.resolveRevision(repoURL(), 'main', { username: user, password: wrong }),
    );
    expect(err.kind).toBe('auth-failed');
    expect(err.message).toContain(`authentication to ${repoURL()} failed for revision 'main'`);
    expect(err.message).toContain('the server refused the username and password (HTTP 401)');
    expect(err.message).toContain('credentials Secret');
    expect(err.describe()).not.toContain(wrong);
    expect(err.describe()).not.toContain(Buffer.from(`${user}:${wrong}`).toString('base64'));
  });

  it('takes credentials written in the URL out of it', async () => {
    const cache = new RepoCache({ cacheDir });
    const withPassword = `http://${user}:${password}@${server.baseURL.replace('http://', '')}/app.git`;
    expect(await cache.resolveRevision(withPassword, 'main')).toBe(shas.main);
    const wrong = withPassword.replace(password, 'bad-secret-9');
    const err = await caught(cache.resolveRevision(wrong, 'main'));
    expect(err.message).toContain(
      `${server.baseURL.replace('http://', `http://${user}@`)}/app.git`,
    );
    expect(err.message).not.toContain('bad-secret-9');
    // Nothing on disk holds the password: not the mirror's config, not a credential store.
    for (const repo of await readdir(join(cacheDir, 'repos'))) {
      expect(await readFile(join(cacheDir, 'repos', repo, 'config'), 'utf8')).not.toContain(
        password,
      );
    }
  });

  it('reports an unreachable server with git’s reason and what to check', async () => {
    const cache = new RepoCache({ cacheDir });
    const url = `http://127.0.0.1:${await closedPort()}/app.git`;
    const err = await caught(cache.resolveRevision(url, 'main', creds));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(
      new RegExp(
        `^cannot reach ${url.replace(/[.]/g, '\\.')} for revision 'main': .*(connect|refused).*; check the URL and the repository's credentials Secret$`,
        'i',
      ),
    );
    expect(err.message).not.toContain(password);
  });
});

describe('RepoCache with unusual remotes', () => {
  it('reports a missing file:// repository as unreachable', async () => {
    const cache = new RepoCache({ cacheDir: await mkdtemp(join(root, 'cache-')) });
    const err = await caught(cache.resolveRevision(`file://${root}/none.git`, 'main'));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain(`cannot reach file://${root}/none.git`);
  });

  it('still resolves branches when the remote HEAD names no branch', async () => {
    const bare = join(served, 'dangling.git');
    await dev(served, 'clone', '-q', '--bare', join(served, 'app.git'), bare);
    await dev(bare, 'symbolic-ref', 'HEAD', 'refs/heads/nothing');
    const cache = new RepoCache({ cacheDir: await mkdtemp(join(root, 'cache-')) });
    expect(await cache.resolveRevision(`file://${bare}`, 'main')).toBe(shas.main);
    const err = await caught(cache.resolveRevision(`file://${bare}`, 'HEAD'));
    expect(err.kind).toBe('no-default-branch');
    expect(err.message).toContain('set targetRevision to a branch, tag or commit');
  });

  it('fetches a ref outside branches and tags on demand', async () => {
    const bare = join(served, 'app.git');
    await dev(bare, 'update-ref', 'refs/pull/7/head', shas.first);
    const cache = new RepoCache({ cacheDir: await mkdtemp(join(root, 'cache-')) });
    expect(await cache.resolveRevision(`file://${bare}`, 'refs/pull/7/head')).toBe(shas.first);
    const err = await caught(cache.resolveRevision(`file://${bare}`, 'refs/pull/8/head'));
    expect(err.kind).toBe('revision-not-found');
  });
});
