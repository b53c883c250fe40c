import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registryAddress } from '../../src/cluster/index.js';
import { runCommand } from '../../src/exec/index.js';

describe('the local OCI registry', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('round-trips an image built with buildah by digest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-digest-'));
    dirs.push(dir);
    const marker = `built at ${new Date().toISOString()} ${Math.random()}`;
    await writeFile(join(dir, 'marker.txt'), marker);
    await writeFile(join(dir, 'Containerfile'), 'FROM scratch\nCOPY marker.txt /marker.txt\n');
    const repo = `${registryAddress}/test/digest`;
    const tag = `t${Date.now()}`;
    await runCommand('buildah', ['build', '-q', '-t', `${repo}:${tag}`, dir]);
    const builtId = (
      await runCommand('buildah', ['inspect', '--format', '{{.FromImageID}}', `${repo}:${tag}`])
    ).trim();
    await runCommand('buildah', [
      'push',
      '--tls-verify=false',
      '--digestfile',
      join(dir, 'digest'),
      `${repo}:${tag}`,
      `docker://${repo}:${tag}`,
    ]);
    const digest = (await readFile(join(dir, 'digest'), 'utf8')).trim();
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    // The registry serves exactly the bytes whose hash is the digest.
    const res = await fetch(
      `http://${repo.replace(registryAddress, `${registryAddress}/v2`)}/manifests/${digest}`,
      {
        headers: {
          accept:
            'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
        },
      },
    );
    expect(res.status).toBe(200);
    const manifest = Buffer.from(await res.arrayBuffer());
    expect(`sha256:${createHash('sha256').update(manifest).digest('hex')}`).toBe(digest);

    // Forget it locally, pull it back by digest alone: same image, same content.
    await runCommand('buildah', ['rmi', '-f', `${repo}:${tag}`]);
    await runCommand('buildah', ['pull', '-q', '--tls-verify=false', `${repo}@${digest}`]);
    const pulledId = (
      await runCommand('buildah', ['images', '-q', '--no-trunc', `${repo}@${digest}`])
    ).trim();
    expect(pulledId.replace(/^sha256:/, '')).toBe(builtId.replace(/^sha256:/, ''));
    const container = (
      await runCommand('buildah', ['from', '--pull=never', `${repo}@${digest}`])
    ).trim();
    try {
      const mount = (await runCommand('buildah', ['mount', container])).trim();
      expect(await readFile(join(mount, 'marker.txt'), 'utf8')).toBe(marker);
    } finally {
      await runCommand('buildah', ['rm', container]);
      await runCommand('buildah', ['rmi', '-f', `${repo}@${digest}`]);
    }
  });
});
