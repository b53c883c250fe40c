import { PreconditionError } from '../errors/index.js';
import { tryCommand } from '../exec/index.js';
import type { RunResult } from '../exec/index.js';

/** Variables that would point git at another repository, index or config than the one we name. */
const inheritedGitLocation = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
];

/**
 * The environment of every git we run. Inherited GIT_DIR/GIT_INDEX_FILE are dropped (a git hook
 * running Slipway's tests sets them), and nothing may ever wait for a person to type.
 */
export function gitEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of inheritedGitLocation) delete env[name];
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    // Empty, not unset: git then skips core.askPass and SSH_ASKPASS too (an IDE's GUI prompt).
    GIT_ASKPASS: '',
    ...extra,
  };
}

export type GitRunOptions = {
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
};

/** Runs `git --git-dir=<gitDir> <args>` and returns its result whatever the exit code. */
export function git(
  gitDir: string,
  args: readonly string[],
  options: GitRunOptions = {},
): Promise<RunResult> {
  return tryCommand('git', [`--git-dir=${gitDir}`, ...args], {
    env: gitEnv(options.env),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  }).catch((cause: unknown) => {
    throw new PreconditionError(`cannot run git: ${String(cause)}`, {
      hint: 'install git (2.31 or newer) and make sure it is on PATH',
      cause,
    });
  });
}
