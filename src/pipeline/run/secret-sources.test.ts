import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObjectClient } from '../../kube/index.js';
import { EnvFileSecretSource, KubeSecretSource } from './secret-sources.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'slipway-secrets-'));
  await mkdir(join(dir, 'repo'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('EnvFileSecretSource', () => {
  it('reads KEY=VALUE lines and heredocs, ignoring comments', async () => {
    const file = join(dir, 'secrets.env');
    await writeFile(file, '# ci secrets\nTOKEN=abc=def\nKEY<<END\nline1\nline2\nEND\n');
    expect(await new EnvFileSecretSource(file, join(dir, 'repo')).load()).toEqual({
      TOKEN: 'abc=def',
      KEY: 'line1\nline2',
    });
  });

  it('refuses a file inside the repository, saying to move it', async () => {
    const file = join(dir, 'repo', 'nested', 'secrets.env');
    await mkdir(join(dir, 'repo', 'nested'));
    await writeFile(file, 'TOKEN=x\n');
    await expect(new EnvFileSecretSource(file, join(dir, 'repo')).load()).rejects.toThrow(
      /secrets file .* is inside the repository/,
    );
  });

  it('names a missing file', async () => {
    await expect(new EnvFileSecretSource(join(dir, 'nope'), undefined).load()).rejects.toThrow(
      `cannot read the secrets file ${join(dir, 'nope')}`,
    );
  });
});

describe('KubeSecretSource', () => {
  it('turns every data key of the labelled Secrets into a secret, later names winning', async () => {
    const asked: unknown[] = [];
    const encode = (text: string): string => Buffer.from(text).toString('base64');
    const client = {
      list: (...args: unknown[]) => {
        asked.push(args);
        return Promise.resolve({
          resourceVersion: '1',
          items: [
            { metadata: { name: 'b' }, data: { SHARED: encode('from-b'), SLACK: encode('hook') } },
            { metadata: { name: 'a' }, data: { SHARED: encode('from-a'), TOKEN: encode('t0k') } },
          ],
        });
      },
    } as unknown as ObjectClient;
    expect(await new KubeSecretSource(client).load()).toEqual({
      SHARED: 'from-b',
      SLACK: 'hook',
      TOKEN: 't0k',
    });
    expect(asked).toEqual([
      [
        'v1',
        'Secret',
        { namespace: 'slipway-system', labelSelector: 'slipway.dev/pipeline-secret=true' },
      ],
    ]);
  });
});
