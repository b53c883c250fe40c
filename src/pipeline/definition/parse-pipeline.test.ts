import { describe, expect, it } from 'vitest';
import { parsePipeline } from './parse-pipeline.js';
import { PipelineDefinitionError } from './problems.js';

const file = '.slipway/pipelines/main.yaml';

const valid = `name: ci
on:
  pull_request:
    types: [opened, closed]
    branches: main
  push:
    tags: ['v*']
  manual:
env:
  REGISTRY: registry.local
  DEBUG: true
concurrency: ci-\${{ github.ref }}
jobs:
  build:
    runs-on: ubuntu-latest
    container: python:3.12
    outputs:
      digest: \${{ steps.image.outputs.digest }}
    steps:
      - uses: actions/checkout@v4
      - run: pytest
        shell: bash
        timeout-minutes: 5
      - id: image
        uses: slipway/image-build
        with:
          image: \${{ env.REGISTRY }}/app
      - uses: slipway/coverage-gate
        with: { report: coverage.xml, format: cobertura }
  deploy:
    needs: build
    if: github.ref == 'refs/heads/main' && needs.build.outputs.digest != ''
    steps:
      - uses: slipway/gitops-bump
        with:
          repo: config
          path: apps/app
          image: app
          digest: \${{ needs.build.outputs.digest }}
          mode: kustomize
`;

describe('parsePipeline', () => {
  it('widens the shorthands and fills in defaults', () => {
    const pipeline = parsePipeline(valid, file);
    expect(pipeline.name).toBe('ci');
    expect(pipeline.on).toEqual({
      pullRequest: { types: ['opened', 'closed'], branches: ['main'], branchesIgnore: undefined },
      push: { branches: undefined, branchesIgnore: undefined, tags: ['v*'], tagsIgnore: undefined },
      manual: true,
    });
    expect(pipeline.env).toEqual({ REGISTRY: 'registry.local', DEBUG: 'true' });
    expect(pipeline.concurrency).toEqual({
      group: 'ci-${{ github.ref }}',
      cancelInProgress: false,
    });
    const [build, deploy] = pipeline.jobs;
    expect(build?.container).toEqual({ image: 'python:3.12', env: {}, options: undefined });
    expect(build?.steps.map((step) => step.action.kind)).toEqual([
      'native',
      'run',
      'slipway',
      'slipway',
    ]);
    expect(build?.steps[0]?.action).toMatchObject({ action: 'actions/checkout', version: 'v4' });
    expect(build?.steps[3]?.action).toMatchObject({ with: { min: 80, format: 'cobertura' } });
    expect(build?.steps[2]?.source).toEqual({ file, line: 24 });
    expect(deploy?.needs).toEqual(['build']);
  });

  it.each([
    ['on: push\njobs: {a: {steps: [{run: x}]}}', { push: {}, manual: false }],
    ['on: [push, manual]\njobs: {a: {steps: [{run: x}]}}', { manual: true }],
    ['on: {workflow_dispatch: }\njobs: {a: {steps: [{run: x}]}}', { manual: true }],
  ])('accepts `on` as GitHub does: %j', (text, expected) => {
    expect(parsePipeline(text, file).on).toMatchObject(expected);
  });

  it('names the pipeline after its file when it has no name', () => {
    expect(parsePipeline('on: manual\njobs: {a: {steps: [{run: x}]}}', file).name).toBe('main');
  });
});

const header = 'on: push\njobs:\n  build:\n    steps:\n';

describe('parsePipeline problems', () => {
  it.each([
    [
      `${header}      - uses: actions/foo@v1\n`,
      '5:15 jobs.build.steps[0].uses: "actions/foo@v1" is not a step Slipway can run; use one of slipway/image-build',
    ],
    [
      `${header}      - uses: slipway/teleport\n`,
      '5:15 jobs.build.steps[0].uses: "slipway/teleport" is not a step',
    ],
    [
      `${header}      - run: make\n        uses: actions/checkout\n`,
      '5:9 jobs.build.steps[0]: has both `run` and `uses`',
    ],
    [
      `${header}      - name: nothing\n`,
      '5:9 jobs.build.steps[0]: needs `run` (a command) or `uses`',
    ],
    [
      `${header}      - id: a\n        run: x\n      - id: a\n        run: y\n`,
      '7:13 jobs.build.steps[1].id: "a" is already the id of steps[0]',
    ],
    [
      `${header}      - uses: slipway/image-push\n`,
      '5:15 jobs.build.steps[0].uses: slipway/image-push needs `image` under `with`',
    ],
    [
      `${header}      - uses: slipway/sbom\n        with: {image: x, format: xml}\n`,
      '6:34 jobs.build.steps[0].with.format: "xml" is not one of spdx, cyclonedx',
    ],
    [
      `${header}      - uses: slipway/coverage-gate\n        with: {report: r, format: lcov, min: 120}\n`,
      '6:46 jobs.build.steps[0].with.min: 120 is not between 0 and 100',
    ],
    [
      `${header}      - uses: slipway/notify\n        with: {format: slack}\n`,
      '6:15 jobs.build.steps[0].with: slipway/notify needs exactly one of `webhook-url` or `secret`',
    ],
    [
      `${header}      - uses: slipway/artifact\n        with: {name: a, path: p, size: 1}\n`,
      '6:34 jobs.build.steps[0].with.size: is not an input of slipway/artifact',
    ],
    [
      `${header}      - run: x\n        with: {a: 1}\n`,
      '6:15 jobs.build.steps[0].with: `with` gives inputs to a `uses` step',
    ],
    [
      `${header}      - run: x\n        shell: fish\n`,
      '6:16 jobs.build.steps[0].shell: "fish" is not a shell',
    ],
    [
      `${header}      - run: x\n        strategy: {}\n`,
      '6:9 jobs.build.steps[0].strategy: is not a field of a step',
    ],
    [
      `${header}      - run: x\n        timeout-minutes: soon\n`,
      '6:26 jobs.build.steps[0].timeout-minutes: must be a number of minutes',
    ],
    [
      `${header}      - run: echo \${{ contains( }}\n`,
      '5:14 jobs.build.steps[0].run: expected a value but found the end of the expression',
    ],
    [
      `${header}      - run: x\n        if: steps.later.outcome == 'success'\n      - id: later\n        run: y\n`,
      '6:13 jobs.build.steps[0].if: `steps.later` is a step that runs later',
    ],
    [
      `${header}      - run: x\n        if: steps.nope.outcome\n`,
      '6:13 jobs.build.steps[0].if: `steps.nope` names no step before this one',
    ],
    [
      `${header}      - run: x\n        if: \${{ env.A }} == 'b'\n`,
      '6:13 jobs.build.steps[0].if: a condition mixes `${{ }}` with other text',
    ],
    [
      `${header}      - run: echo \${{ matrix.os }}\n`,
      '5:14 jobs.build.steps[0].run: unknown context `matrix`',
    ],
    [
      `${header}      - run: echo \${{ hashFiles('x') }}\n`,
      '5:14 jobs.build.steps[0].run: hashFiles() is not supported: expressions are evaluated away from the workspace',
    ],
    [
      'on: push\njobs:\n  build:\n    needs: test\n    steps: [{run: x}]\n',
      '4:12 jobs.build.needs[0]: "test" is not a job in this file; the jobs are build',
    ],
    [
      'on: push\njobs:\n  a:\n    needs: b\n    steps: [{run: x}]\n  b:\n    needs: [a]\n    steps: [{run: x}]\n',
      '4:12 jobs.a.needs: jobs need each other in a cycle (a → b → a)',
    ],
    [
      'on: push\njobs:\n  a:\n    if: env.X\n    steps: [{run: x}]\n',
      "4:9 jobs.a.if: the `env` context cannot be used in a job's if",
    ],
    [
      'on: push\njobs:\n  a:\n    steps: [{run: x}]\n  b:\n    if: needs.a.result\n    steps: [{run: x}]\n',
      "6:9 jobs.b.if: `needs.a` is not in this job's `needs`",
    ],
    [
      'on: push\njobs:\n  a:\n    outputs: {x: "${{ steps.s.outputs.x }}"}\n    steps: [{run: x}]\n',
      '4:18 jobs.a.outputs.x: `steps.s` names no step of this job',
    ],
    [
      'on: push\njobs:\n  2fast:\n    steps: [{run: x}]\n',
      '3:3 jobs["2fast"]: "2fast" is not a valid job id',
    ],
    ['on: push\njobs:\n  a:\n    steps: []\n', '4:12 jobs.a.steps: must have at least one step'],
    [
      'on: push\njobs:\n  a:\n    container: {options: x}\n    steps: [{run: x}]\n',
      '4:16 jobs.a.container.image: is required',
    ],
    [
      'on: push\njobs:\n  a:\n    permissions: read-all\n    steps: [{run: x}]\n',
      '4:5 jobs.a.permissions: is not a field of a job',
    ],
    [
      'on: pull\njobs:\n  a:\n    steps: [{run: x}]\n',
      '1:5 on.pull: is not a field of `on`; the fields are pull_request, push, manual',
    ],
    [
      'on:\n  pull_request:\n    types: [edited]\n  push:\njobs: {a: {steps: [{run: x}]}}\n',
      '3:13 on.pull_request.types[0]: must be one of opened, synchronize, reopened, closed',
    ],
    [
      'on:\n  push:\n    branches: [main]\n    branches-ignore: [dev]\njobs: {a: {steps: [{run: x}]}}\n',
      '4:5 on.push.branches-ignore: cannot be used together with `branches`',
    ],
    [
      'on:\n  push:\n    branches: ["!dev"]\njobs: {a: {steps: [{run: x}]}}\n',
      '3:15 on.push.branches: has only ! patterns',
    ],
    [
      'on: push\nconcurrency: ${{ secrets.X }}\njobs: {a: {steps: [{run: x}]}}\n',
      '2:14 concurrency.group: the `secrets` context cannot be used in the concurrency group',
    ],
    ['jobs: {a: {steps: [{run: x}]}}\n', '1:1 on: is required'],
    ['on: push\n', '1:1 jobs: is required'],
    ['', '1:1 the file is empty'],
    ['on: push\njobs:\n  a: [\n', '4:1 YAML:'],
    ['on: push\non: manual\njobs: {a: {steps: [{run: x}]}}\n', '2:1 YAML: Map keys must be unique'],
  ])('reports %j as %s', (text, expected) => {
    const error = catchDefinitionError(() => parsePipeline(text, file));
    expect(error.message).toContain(`${file}:${expected}`);
  });

  it('reports every problem of a file at once', () => {
    const text = `${header}      - uses: actions/foo\n      - run: x\n        timeout-minutes: -1\n  deploy:\n    needs: [nope]\n    steps: [{run: x}]\n`;
    const error = catchDefinitionError(() => parsePipeline(text, file));
    expect(error.problems.map((problem) => `${problem.line} ${problem.field}`)).toEqual([
      '5 jobs.build.steps[0].uses',
      '7 jobs.build.steps[1].timeout-minutes',
      '9 jobs.deploy.needs[0]',
    ]);
    expect(error.message).toMatch(/^\.slipway\/pipelines\/main\.yaml: 3 problems\n/);
    expect(error.hint).toMatch(/GitHub Actions/);
  });
});

function catchDefinitionError(run: () => unknown): PipelineDefinitionError {
  try {
    run();
  } catch (error) {
    if (error instanceof PipelineDefinitionError) return error;
    throw error;
  }
  throw new Error('expected a PipelineDefinitionError');
}
