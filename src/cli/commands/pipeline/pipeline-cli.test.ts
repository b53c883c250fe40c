import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PipelineFixture } from '../../../pipeline/run/pipeline-fixture.js';
import { runCli } from '../../main.js';

let fixture: PipelineFixture;
beforeEach(async () => {
  fixture = await PipelineFixture.create();
  vi.stubEnv('SLIPWAY_CACHE', fixture.cache);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await fixture.remove();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const gated = `
on: { push: { branches: [main] } }
jobs:
  test:
    steps:
      - name: tests
        run: |
          echo "using \${{ secrets.API_TOKEN }}"
          exit 7
`;

describe('slipway pipeline', () => {
  it('runs the committed pipeline, streams its log, names the failing gate and exits 1', async () => {
    await fixture.commit(gated);
    // An uncommitted fix is not what runs.
    await writeFile(
      join(fixture.repo, '.slipway/pipelines/ci.yaml'),
      gated.replace('exit 7', 'true'),
    );
    const secrets = join(fixture.dir, 'secrets.env');
    await writeFile(secrets, '# pipeline secrets\nAPI_TOKEN=tok-12345\n');

    const run = await cli(
      'pipeline',
      'run',
      '--repo',
      fixture.repo,
      '--event',
      'push',
      '--secrets-file',
      secrets,
    );
    expect(run.code).toBe(1);
    const id = /^run (\S+): pipeline ci at [0-9a-f]{12} \(/.exec(run.out)?.[1] ?? '';
    expect(id).not.toBe('');
    expect(run.out).toContain('[test/tests] using ***');
    expect(run.out).not.toContain('tok-12345');
    expect(run.out).toMatch(/JOB +STEP +STATUS +DURATION +EXIT\ntest +failed/);
    expect(run.out).toMatch(/ +tests +failure +\S+ +7/);
    expect(run.out).toContain(`run ${id} failed`);
    expect(run.out).toContain("✗ job test, step 'tests': exited with code 7");

    const list = await cli('pipeline', 'list');
    expect(list.out).toMatch(new RegExp(`${id} +ci +push +failed`));
    const get = await cli('pipeline', 'get', id);
    expect(get.out).toContain("✗ job test, step 'tests': exited with code 7");
    const logs = await cli('pipeline', 'logs', id, '-f');
    expect(logs.out).toContain('[test/tests] using ***');
    const cancel = await cli('pipeline', 'cancel', id);
    expect(cancel.out).toBe(`run ${id} already failed`);
    const rerun = await cli('pipeline', 'rerun', id, '--secrets-file', secrets);
    expect(rerun.code).toBe(1);
    expect(rerun.out).toMatch(new RegExp(`^rerunning ${id}\nrun (?!${id})\\S+: pipeline ci`));
    expect(rerun.out).toContain('[test/tests] using ***');
  });

  it('names the file and line of an invalid pipeline and runs nothing', async () => {
    await fixture.commit('on: { push: {} }\njobs:\n  build:\n    steps:\n      - run: [unclosed\n');
    const run = await cli('pipeline', 'run', '--repo', fixture.repo, '--event', 'push');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/\.slipway\/pipelines\/ci\.yaml:\d+:\d+/);
    expect((await cli('pipeline', 'list')).out.split('\n')).toHaveLength(1);
  });

  it('refuses a secrets file inside the repository', async () => {
    await fixture.commit(gated);
    const inside = join(fixture.repo, 'secrets.env');
    await writeFile(inside, 'API_TOKEN=x\n');
    const run = await cli(
      'pipeline',
      'run',
      '--repo',
      fixture.repo,
      '--event',
      'push',
      '--secrets-file',
      inside,
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain('is inside the repository');
  });

  it('says so when no pipeline runs for the event', async () => {
    await fixture.commit(gated);
    const run = await cli('pipeline', 'run', '--repo', fixture.repo, '--event', 'pull_request');
    expect(run.code).toBe(0);
    expect(run.out).toContain('pipeline ci does not run');
  });
});
