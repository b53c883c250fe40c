import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryAddress } from '../../src/cluster/index.js';
import { runCommand, tryCommand } from '../../src/exec/index.js';
import { defaultStepActions } from '../../src/pipeline/steps/index.js';
import { testContext } from '../../src/pipeline/steps/testing-context.js';

// The image steps against the real local registry, with buildah and skopeo as a pipeline runs them.

const steps = defaultStepActions();
const step = (name: string) => {
  const action = steps[`slipway/${name}`];
  if (action === undefined) throw new Error(`no step slipway/${name}`);
  return action;
};

const commitTime = '2024-01-02T03:04:05Z';
const repository = `${registryAddress}/test/pipeline-steps`;
const tag = `t${Date.now()}`;

const metadata =
  'Metadata-Version: 2.1\nName: Slipway_Demo\nVersion: 1.2.3\nLicense-Expression: MIT\n\n';
const advisories = [
  {
    id: 'OSV-TEST-PY',
    summary: 'test advisory on the Debian python3.11 source package',
    affected: [
      {
        package: { ecosystem: 'Debian:12', name: 'python3.11' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '99:0' }] }],
      },
    ],
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  },
  {
    id: 'GHSA-test-demo',
    affected: [{ package: { ecosystem: 'PyPI', name: 'slipway-demo' }, versions: ['1.2.3'] }],
    database_specific: { severity: 'LOW' },
  },
];

describe('image steps against the local registry', () => {
  let dir = '';
  let ws = '';
  let artifactsDir = '';
  const context = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    testContext(ws, inputs, { artifactsDir, env });
  const toRemove: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-steps-it-'));
    ws = join(dir, 'ws');
    artifactsDir = join(dir, 'artifacts');
    await mkdir(join(ws, 'meta'), { recursive: true });
    await writeFile(join(ws, 'meta/METADATA'), metadata);
    await writeFile(join(ws, 'advisories.json'), JSON.stringify(advisories));
    await writeFile(
      join(ws, 'Containerfile'),
      [
        `FROM ${registryAddress}/base/python:3.11`,
        'ARG GREETING=unset',
        'RUN echo "$GREETING" > /greeting',
        'COPY meta/METADATA /usr/local/lib/python3.11/site-packages/slipway_demo-1.2.3.dist-info/METADATA',
        'ENV SERVICE_API_TOKEN=do-not-ship-me',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(ws, 'Broken.Containerfile'),
      `FROM ${registryAddress}/base/python:3.11\nRUN exit 3\n`,
    );
    const git = (...args: string[]) =>
      runCommand('git', ['-C', ws, ...args], {
        env: { ...process.env, GIT_AUTHOR_DATE: commitTime, GIT_COMMITTER_DATE: commitTime },
      });
    await git('init', '-q', '-b', 'main');
    await git('add', '-A');
    await git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'app');
  });

  afterAll(async () => {
    for (const image of toRemove) await tryCommand('buildah', ['rmi', '-f', image]);
    await rm(dir, { recursive: true, force: true });
  });

  let digest = '';

  it('builds with the build args, stamped with the commit time, and pushes by digest', async () => {
    const built = await step('image-build')(
      context({
        image: repository,
        tags: `${tag}\n${tag}-b`,
        'build-args': 'GREETING=hello from CI',
      }),
    );
    expect(built.message).toBeUndefined();
    expect(built.outputs?.['image']).toBe(`${repository}:${tag}`);
    expect(built.outputs?.['image-id']).toMatch(/^(sha256:)?[0-9a-f]{64}$/);
    toRemove.push(`${repository}:${tag}`, `${repository}:${tag}-b`);

    const pushed = await step('image-push')(context({ image: `${repository}:${tag}` }));
    expect(pushed.message).toBeUndefined();
    digest = pushed.outputs?.['digest'] ?? '';
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pushed.outputs?.['ref']).toBe(`${repository}@${digest}`);

    const inspected = JSON.parse(
      await runCommand('skopeo', [
        'inspect',
        '--tls-verify=false',
        `docker://${repository}:${tag}`,
      ]),
    ) as { Digest: string; Created: string };
    expect(inspected.Digest).toBe(digest);
    expect(new Date(inspected.Created).toISOString()).toBe(new Date(commitTime).toISOString());
  });

  it('scans the image: Debian and Python packages, config findings, OSV matches, threshold', async () => {
    const result = await step('image-scan')(
      context({
        image: `${repository}:${tag}`,
        advisories: 'advisories.json',
        'severity-threshold': 'critical',
      }),
    );
    expect(result.outcome).toBe('failure');
    expect(result.message).toMatch(/^image-scan: CRITICAL: OSV-TEST-PY in libpython3\.11/);
    const reportPath = result.artifacts?.[0]?.path ?? '';
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as {
      packages: number;
      findings: { id: string; severity: string; title: string }[];
    };
    expect(report.packages).toBeGreaterThan(50);
    const ids = report.findings.map((f) => `${f.severity} ${f.id}`);
    expect(ids).toEqual(
      expect.arrayContaining([
        'high runs-as-root',
        'high secret-in-env',
        'low GHSA-test-demo',
        'critical OSV-TEST-PY',
      ]),
    );
    expect(result.outputs?.['findings']).toBe(String(report.findings.length));

    const byDigest = await step('image-scan')(
      context({ image: `${repository}@${digest}`, 'severity-threshold': 'high' }),
    );
    expect(byDigest.message).toBe(
      'image-scan: HIGH: image runs as root (config.User is empty); HIGH: environment variable SERVICE_API_TOKEN looks like a secret baked into the image config',
    );
  });

  it.each([
    ['spdx', 'packages'],
    ['cyclonedx', 'components'],
  ])('writes a %s SBOM listing the dpkg and Python packages', async (format, list) => {
    const result = await step('sbom')(context({ image: `${repository}@${digest}`, format }));
    expect(result.outcome).toBe('success');
    const document = JSON.parse(await readFile(result.outputs?.['path'] ?? '', 'utf8')) as Record<
      string,
      { name: string }[]
    >;
    const names = (document[list] ?? []).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['python3.11-minimal', 'libc6', 'Slipway_Demo']));
  });

  it('fails a broken build with the end of buildah output', async () => {
    const result = await step('image-build')(
      context({ image: `${repository}:broken`, file: 'Broken.Containerfile' }),
    );
    expect(result.outcome).toBe('failure');
    expect(result.message).toMatch(/^image build failed: [\s\S]*exit status 3/);
  });

  it('says which registry a push could not reach and why', async () => {
    const down = `127.0.0.1:5999/test/pipeline-steps:${tag}`;
    await runCommand('buildah', ['tag', `${repository}:${tag}`, down]);
    toRemove.push(down);
    const result = await step('image-push')(context({ image: down }));
    expect(result).toEqual({
      outcome: 'failure',
      message: 'push to 127.0.0.1:5999 failed: connection refused',
    });
  });
});
