// A StepContext for tests of the steps: real directories, a log that is kept, no runner.
import type { StepContext } from '../run/step-action.js';

export type TestContext = StepContext & { readonly lines: string[] };

export function testContext(
  workspace: string,
  inputs: Record<string, string>,
  extra: {
    env?: Record<string, string>;
    secrets?: Record<string, string>;
    artifactsDir?: string;
    signal?: AbortSignal;
  } = {},
): TestContext {
  const lines: string[] = [];
  return {
    workspace,
    inputs,
    env: extra.env ?? {},
    secrets: extra.secrets ?? {},
    run: {
      id: '42',
      pipeline: 'release',
      job: 'deploy',
      event: {
        kind: 'push',
        ref: 'refs/heads/main',
        sha: '0123456789abcdef0123456789abcdef01234567',
      },
      artifactsDir: extra.artifactsDir ?? `${workspace}/.artifacts`,
      cacheDir: `${workspace}/.cache`,
    },
    log: (line) => lines.push(line),
    signal: extra.signal ?? new AbortController().signal,
    lines,
  };
}
