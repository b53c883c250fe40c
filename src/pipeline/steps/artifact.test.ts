import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { artifact, checkArtifactName } from './artifact.js';
import { guarded } from './step-io.js';
import { testContext } from './testing-context.js';

let dir = '';
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('checkArtifactName', () => {
  it.each(['test-report', 'coverage.xml', 'a_1'])('accepts %s', (name) => {
    expect(checkArtifactName(name)).toBe(name);
  });
  it.each(['', '../x', 'a/b', '.hidden', '-x'])('rejects %j', (name) => {
    expect(() => checkArtifactName(name)).toThrow('cannot name an artifact');
  });
});

describe('slipway/artifact', () => {
  it('copies a folder into the artifacts, replacing an older copy', async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-artifact-'));
    const ws = join(dir, 'ws');
    const artifacts = join(dir, 'artifacts');
    await mkdir(join(ws, 'reports/sub'), { recursive: true });
    await writeFile(join(ws, 'reports/sub/junit.xml'), '<testsuites/>');
    await mkdir(join(artifacts, 'reports'), { recursive: true });
    await writeFile(join(artifacts, 'reports/stale.txt'), 'old');
    const result = await artifact(
      testContext(ws, { name: 'reports', path: 'reports' }, { artifactsDir: artifacts }),
    );
    const target = join(artifacts, 'reports');
    expect(result).toEqual({
      outcome: 'success',
      outputs: { path: target },
      artifacts: [{ name: 'reports', path: target }],
    });
    expect(await readFile(join(target, 'sub/junit.xml'), 'utf8')).toBe('<testsuites/>');
    await expect(readFile(join(target, 'stale.txt'))).rejects.toThrow();
  });

  it.each([
    [{ name: 'x', path: 'missing.txt' }, '`with.path` missing.txt does not exist in the workspace'],
    [{ name: 'x', path: '../outside' }, '`with.path` "../outside" leaves the workspace'],
  ])('fails clearly for %j', async (inputs, message) => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-artifact-'));
    const result = await guarded('artifact', artifact)(testContext(dir, inputs));
    expect(result.outcome).toBe('failure');
    expect(result.message).toContain(message);
  });
});
