import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineFixture } from '../../src/pipeline/run/pipeline-fixture.js';

// A job with `container:` runs its `run:` steps in podman, with the workspace mounted at the
// same path. Needs the local registry (up with the cluster) that holds the base Python image.

const image = '127.0.0.1:5000/base/python:3.11';

async function registryReachable(): Promise<boolean> {
  try {
    const response = await fetch('http://127.0.0.1:5000/v2/base/python/tags/list', {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

const reachable = await registryReachable();
if (!reachable) console.warn(`skipping the container pipeline test: ${image} is not reachable`);

describe.skipIf(!reachable)('pipeline container executor (registry at 127.0.0.1:5000)', () => {
  let fixture: PipelineFixture;
  beforeAll(async () => {
    fixture = await PipelineFixture.create();
  });
  afterAll(async () => {
    await fixture.remove();
  });

  it('runs steps in the image with the workspace, env, outputs and masked secrets', async () => {
    const run = await fixture.run(
      `
on: { workflow_dispatch: {} }
env: { STAGE: ci }
jobs:
  py:
    container:
      image: ${image}
      env: { FROM_CONTAINER: yes }
    outputs:
      answer: \${{ steps.calc.outputs.answer }}
    steps:
      - id: calc
        name: calc
        run: |
          python3 -c "print('answer=' + str(6 * 7))" >> "$SLIPWAY_OUTPUT"
          grep -q workflow_dispatch .slipway/pipelines/ci.yaml && echo "workspace mounted"
          echo "stage=$STAGE container=$FROM_CONTAINER ci=$CI token=\${{ secrets.TOKEN }}"
          . /etc/os-release && echo "in $ID" && echo made-inside > inside.txt
      - name: python shell
        shell: python3 {0}
        run: print("hello from", __import__("sys").version.split()[0])
`,
      { secrets: { TOKEN: 'c0ntainer-secret' } },
    );
    expect(run.summary.failures).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(run.summary.jobs[0]?.outputs).toEqual({ answer: '42' });
    expect(fixture.log('py', 'calc')).toEqual([
      'workspace mounted',
      'stage=ci container=yes ci=true token=***',
      'in debian',
    ]);
    expect(fixture.log('py', 'python shell')[0]).toMatch(/^hello from 3\.11\./);
    const workspace = join(fixture.cache, 'runs', run.id, 'jobs', 'py', 'workspace');
    expect(await readFile(join(workspace, 'inside.txt'), 'utf8')).toBe('made-inside\n');
  });
});
