import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoCache } from '../../src/git/index.js';
import { GitFixture } from './support/git-fixture.js';
import { SshGitServer } from './support/ssh-git-server.js';

describe('a repository over ssh://', () => {
  let server: SshGitServer;
  let repo: GitFixture;
  let cacheDir: string;
  beforeAll(async () => {
    server = await SshGitServer.start();
    repo = await GitFixture.create({ 'apps/web/config.yaml': 'kind: ConfigMap\n' });
    cacheDir = await mkdtemp(join(tmpdir(), 'slipway-ssh-cache-'));
  });
  afterAll(async () => {
    await server.stop();
    await repo.remove();
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('resolves and checks out with the private key from credentials, and names the repo when the key is refused', async () => {
    const cache = new RepoCache({ cacheDir });
    const url = server.url(repo.dir);
    const head = (await repo.git('rev-parse', 'HEAD')).trim();
    const credentials = { sshPrivateKey: server.clientKey, insecureIgnoreHostKey: true };
    expect(await cache.resolveRevision(url, 'main', credentials)).toBe(head);
    const tree = await cache.checkout(url, head, credentials);
    expect(await readFile(join(tree, 'apps/web/config.yaml'), 'utf8')).toBe('kind: ConfigMap\n');

    const other = new RepoCache({ cacheDir: join(cacheDir, 'other') });
    const stranger = await SshGitServer.strangerKey();
    await expect(
      other.resolveRevision(url, 'main', { sshPrivateKey: stranger, insecureIgnoreHostKey: true }),
    ).rejects.toThrow(new RegExp(`127\\.0\\.0\\.1:${server.port}`));
  });
});
