import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PipelineFixture } from './pipeline-fixture.js';

let fixture: PipelineFixture;
beforeEach(async () => {
  fixture = await PipelineFixture.create();
});
afterEach(async () => {
  await fixture.remove();
});

describe('native actions', () => {
  it('checks out, uploads an artifact and restores a cache saved by an earlier run', async () => {
    const pipeline = `
on: { workflow_dispatch: {} }
jobs:
  build:
    steps:
      - uses: actions/checkout@v4
      - id: cache
        uses: actions/cache@v4
        with: { path: deps, key: deps-v1 }
      - run: |
          echo "hit=\${{ steps.cache.outputs.cache-hit }}"
          mkdir -p deps dist && echo "built \${{ github.sha }}" > dist/app.txt
          [ -f deps/lib.txt ] && echo "restored $(cat deps/lib.txt)" || echo fetched > deps/lib.txt
      - uses: actions/upload-artifact@v4
        with: { name: app, path: dist/app.txt }
`;
    const first = await fixture.run(pipeline);
    expect(first.status).toBe('succeeded');
    const artifact = join(fixture.cache, 'runs', first.id, 'artifacts', 'app', 'app.txt');
    expect(await readFile(artifact, 'utf8')).toMatch(/^built [0-9a-f]{40}\n$/);
    expect(first.summary.jobs[0]?.steps[3]?.artifacts).toEqual([
      { name: 'app', path: join(fixture.cache, 'runs', first.id, 'artifacts', 'app') },
    ]);
    expect(fixture.lines.map((l) => l.line)).toContain('hit=false');

    const second = await fixture.run(pipeline + '# again\n');
    expect(second.status).toBe('succeeded');
    const lines = fixture.lines.filter((l) => l.runId === second.id).map((l) => l.line);
    expect(lines).toContain('hit=true');
    expect(lines).toContain('restored fetched');
  });

  it('sets up a Python venv whose bin is on PATH for later steps (about 4 s: pip)', async () => {
    const run = await fixture.run(`
on: { workflow_dispatch: {} }
jobs:
  py:
    steps:
      - uses: actions/setup-python@v5
        with: { python-version: '3' }
      - name: which python
        run: python -c "import sys; print(sys.prefix)"; echo "venv=$VIRTUAL_ENV"
`);
    expect(run.status).toBe('succeeded');
    const lines = fixture.log('py', 'which python');
    expect(lines[0]).toContain(join(fixture.cache, 'pipeline-cache'));
    expect(lines[1]).toBe(`venv=${lines[0]}`);
  }, 30_000);
});
