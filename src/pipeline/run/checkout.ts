import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { tryCommand } from '../../exec/index.js';
import { StateError } from '../../errors/index.js';

// Each job starts from a fresh clone of the repository at the event's commit, so jobs never see
// each other's files or anything uncommitted in the source directory.

const gitEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };

/** Clones `repo` (a directory or URL) into `workspace` and checks out `sha` detached. */
export async function checkoutWorkspace(
  repo: string,
  sha: string,
  workspace: string,
  log: (line: string) => void,
): Promise<void> {
  await mkdir(dirname(workspace), { recursive: true });
  log(`cloning ${repo}`);
  await git(['clone', '-q', '--no-checkout', repo, workspace]);
  const checkout = ['-C', workspace, 'checkout', '-q', '--detach', sha];
  if ((await tryCommand('git', checkout, { env: gitEnv })).code !== 0) {
    // A commit on no branch (a pull request head): fetch every ref and try again.
    await git(['-C', workspace, 'fetch', '-q', 'origin', '+refs/*:refs/slipway/*']);
    await git(checkout);
  }
  log(`checked out ${sha} in ${workspace}`);
}

async function git(args: readonly string[]): Promise<void> {
  const result = await tryCommand('git', args, { env: gitEnv });
  if (result.code !== 0) {
    throw new StateError(`git ${args.join(' ')} failed: ${result.stderr.trim()}`, {
      hint: 'check the repository and the commit exist and can be read from this machine',
    });
  }
}
