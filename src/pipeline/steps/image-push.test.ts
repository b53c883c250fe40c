import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagePush } from './image-push.js';
import { testContext } from './testing-context.js';

// Pushes themselves are tested against the real registries (test/integration); here, what is
// decided before buildah runs.

describe('slipway/image-push to the identity registry', () => {
  let workspace: string;
  beforeAll(async () => {
    workspace = await mkdtemp(join(tmpdir(), 'slipway-push-test-'));
  });
  afterAll(() => rm(workspace, { recursive: true, force: true }));

  it("refuses without the run's own token, saying how to get one, and runs no push", async () => {
    const context = testContext(workspace, { image: '127.0.0.1:5001/cats/cat-app:1' });
    const result = await imagePush(context);
    expect(result).toEqual({
      outcome: 'failure',
      message:
        "push to 127.0.0.1:5001 needs the run's own identity token, and this run has none: run the pipeline from `slipway up` with workload identity on",
    });
    expect(context.lines).toEqual([]);
  });
});
