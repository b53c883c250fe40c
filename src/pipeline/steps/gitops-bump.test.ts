import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../exec/index.js';
import { gitopsBump, pushWasStale } from './gitops-bump.js';
import { guarded } from './step-io.js';
import { testContext } from './testing-context.js';

const web = '127.0.0.1:5000/shop/web';
const api = '127.0.0.1:5000/shop/api';
const digestA = `sha256:${'a'.repeat(64)}`;
const digestB = `sha256:${'b'.repeat(64)}`;

const kustomization = `# config of the shop
resources:
  - deployment.yaml
images:
  - name: ${web}
    newTag: "1.0"
  - name: ${api}
    newTag: "1.0"
`;

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A bare config repository with `files` on main, as a Git server would hold it. */
async function configRepo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-bump-test-'));
  dirs.push(dir);
  const work = join(dir, 'work');
  await runCommand('git', ['init', '-q', '-b', 'main', work]);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(work, path)), { recursive: true });
    await writeFile(join(work, path), text);
  }
  const git = (...args: string[]): Promise<string> => runCommand('git', ['-C', work, ...args]);
  await git('add', '-A');
  await git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'initial');
  await runCommand('git', ['clone', '-q', '--bare', work, join(dir, 'config.git')]);
  return join(dir, 'config.git');
}

const show = (bare: string, what: string): Promise<string> =>
  runCommand('git', ['--git-dir', bare, 'show', '-s', `--format=${what}`, 'main']);
const fileAt = (bare: string, path: string): Promise<string> =>
  runCommand('git', ['--git-dir', bare, 'show', `main:${path}`]);

const bump = gitopsBump({ retryDelaysMs: [50, 100, 150, 200] });

describe('slipway/gitops-bump', () => {
  it('commits the digest as Slipway with the source in the message, then is a no-op', async () => {
    const bare = await configRepo({ 'apps/shop/kustomization.yaml': kustomization });
    const inputs = {
      repo: bare,
      path: 'apps/shop',
      image: web,
      digest: digestA,
      mode: 'kustomize',
    };
    const first = await bump(testContext(tmpdir(), inputs));
    expect(first).toEqual({
      outcome: 'success',
      outputs: { changed: 'true', commit: (await show(bare, '%H')).trim() },
    });
    expect(await show(bare, '%an <%ae>%n%B')).toBe(
      `Slipway <slipway@localhost>\nBump ${web} to ${digestA}\n\nSource: 0123456789abcdef0123456789abcdef01234567 (release run 42)\n\n`,
    );
    const text = await fileAt(bare, 'apps/shop/kustomization.yaml');
    expect(text).toBe(kustomization.replace('newTag: "1.0"', `digest: ${digestA}`));

    const again = await bump(testContext(tmpdir(), inputs));
    expect(again.outputs).toEqual({ changed: 'false', commit: first.outputs?.['commit'] });
  });

  it('lands two concurrent bumps of different images in the same file', async () => {
    const bare = await configRepo({ 'kustomization.yaml': kustomization });
    const base = { repo: `file://${bare}`, path: 'kustomization.yaml', mode: 'kustomize' };
    const contexts = [
      testContext(tmpdir(), { ...base, image: web, digest: digestA }),
      testContext(tmpdir(), { ...base, image: api, digest: digestB }),
    ];
    const results = await Promise.all(contexts.map((context) => bump(context)));
    expect(results.map((r) => r.outcome)).toEqual(['success', 'success']);
    // Both cloned the same commit, so the second push was rejected and re-applied on top.
    expect(contexts.flatMap((c) => c.lines).some((line) => line.includes('moved on'))).toBe(true);
    const text = await fileAt(bare, 'kustomization.yaml');
    expect(text).toContain(`- name: ${web}\n    digest: ${digestA}`);
    expect(text).toContain(`- name: ${api}\n    digest: ${digestB}`);
    const log = await runCommand('git', ['--git-dir', bare, 'log', '--format=%s', 'main']);
    expect(log.trim().split('\n')).toHaveLength(3);
  });

  it('sets a Helm value and rewrites manifests in a folder', async () => {
    const bare = await configRepo({
      'chart/values.yaml': 'image:\n  repository: web\n  digest: ""\n',
      'manifests/a.yaml': `spec:\n  containers:\n    - image: ${web}:1.0\n`,
      'manifests/sub/b.yml': `image: ${web}\n`,
    });
    const helm = await bump(
      testContext(tmpdir(), {
        repo: bare,
        path: 'chart/values.yaml',
        image: web,
        digest: digestA,
        mode: 'helm',
        key: 'image.digest',
      }),
    );
    expect(helm.outcome).toBe('success');
    expect(await fileAt(bare, 'chart/values.yaml')).toContain(`digest: "${digestA}"`);
    const manifests = await bump(
      testContext(tmpdir(), {
        repo: bare,
        path: 'manifests',
        image: web,
        digest: digestB,
        mode: 'manifest',
      }),
    );
    expect(manifests.outcome).toBe('success');
    expect(await fileAt(bare, 'manifests/a.yaml')).toContain(`image: ${web}@${digestB}`);
    expect(await fileAt(bare, 'manifests/sub/b.yml')).toBe(`image: ${web}@${digestB}\n`);
  });

  it.each([
    [{ path: 'nope.yaml' }, 'gitops-bump: `with.path` nope.yaml does not exist'],
    [{ branch: 'prod' }, 'gitops-bump: cannot clone'],
    [{ digest: 'latest' }, '`with.digest` "latest" is not a sha256 digest'],
  ])('fails clearly with %j', async (override, message) => {
    const bare = await configRepo({ 'kustomization.yaml': kustomization });
    const inputs = {
      repo: bare,
      path: 'kustomization.yaml',
      image: web,
      digest: digestA,
      mode: 'kustomize',
    };
    const result = await guarded(
      'gitops-bump',
      bump,
    )(testContext(tmpdir(), { ...inputs, ...override }));
    expect(result.outcome).toBe('failure');
    expect(result.message).toContain(message);
  });

  it('clones a repository given relative to the workspace', async () => {
    const bare = await configRepo({ 'kustomization.yaml': kustomization });
    const inputs = {
      repo: 'config.git',
      path: 'kustomization.yaml',
      image: web,
      digest: digestA,
      mode: 'kustomize',
    };
    const result = await bump(testContext(dirname(bare), inputs));
    expect(result.outputs?.['changed']).toBe('true');
    expect(await readFile(join(dirname(bare), 'work', 'kustomization.yaml'), 'utf8')).toBe(
      kustomization,
    );
  });
});

describe('pushWasStale', () => {
  it.each([
    [' ! [rejected]        HEAD -> main (fetch first)', true],
    [' ! [rejected]        HEAD -> main (non-fast-forward)', true],
    ["error: cannot lock ref 'refs/heads/main': is at abc but expected def", true],
    ['fatal: could not read Username', false],
    ['remote: Permission to x denied', false],
  ])('%s → %s', (stderr, stale) => {
    expect(pushWasStale(stderr)).toBe(stale);
  });
});
