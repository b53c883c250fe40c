import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, StateError } from '../errors/index.js';
import { runCommand, tryCommand } from '../exec/index.js';
import type { PullRequestState } from './github-payloads.js';

// A repository's pull requests, kept as JSON inside its bare repository (git ignores the file),
// with `refs/pull/<n>/head` pointing at each head as on GitHub.

const pullsFile = (gitDir: string): string => join(gitDir, 'slipway-pulls.json');

export async function readPulls(gitDir: string): Promise<PullRequestState[]> {
  try {
    return JSON.parse(await readFile(pullsFile(gitDir), 'utf8')) as PullRequestState[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function writePulls(
  gitDir: string,
  pulls: readonly PullRequestState[],
): Promise<void> {
  const file = pullsFile(gitDir);
  await writeFile(`${file}.tmp`, JSON.stringify(pulls, null, 2));
  await runCommand('mv', [`${file}.tmp`, file]);
}

export async function branchSha(gitDir: string, branch: string, field: string): Promise<string> {
  const result = await tryCommand('git', [
    '--git-dir',
    gitDir,
    'rev-parse',
    '--verify',
    '--quiet',
    `refs/heads/${branch}^{commit}`,
  ]);
  if (result.code !== 0) {
    throw new InputError(`${field} "${branch}" is not a branch of this repository`, {
      hint: 'push the branch first (git push origin <branch>)',
    });
  }
  return result.stdout.trim();
}

export async function setPullRef(gitDir: string, number: number, sha: string): Promise<void> {
  await runCommand('git', ['--git-dir', gitDir, 'update-ref', `refs/pull/${number}/head`, sha]);
}

/**
 * Merges `head` into `base` with a merge commit (GitHub's default "Create a merge commit") and
 * moves `base`; the merge commit's sha. A conflict changes nothing and names the files.
 */
export async function mergeBranches(
  gitDir: string,
  pr: PullRequestState,
  author: string,
): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'slipway-githost-merge-'));
  const inWork = [
    '-C',
    work,
    '-c',
    `user.name=${author}`,
    '-c',
    'user.email=githost@slipway.local',
  ];
  const git = (...args: string[]): Promise<string> => runCommand('git', [...inWork, ...args]);
  try {
    await runCommand('git', ['clone', '-q', '--branch', pr.base, gitDir, work]);
    const merged = await tryCommand('git', [
      ...inWork,
      'merge',
      '--no-ff',
      '-m',
      `Merge pull request #${pr.number} from ${pr.head}\n\n${pr.title}`,
      pr.headSha,
    ]);
    if (merged.code !== 0) {
      const conflicts = (await git('diff', '--name-only', '--diff-filter=U')).trim().split('\n');
      throw new StateError(
        `pull request #${pr.number} cannot be merged: ${pr.head} conflicts with ${pr.base} in ${conflicts.join(', ')}`,
        { hint: `merge ${pr.base} into ${pr.head}, resolve, and push the branch again` },
      );
    }
    await git('push', '-q', 'origin', `HEAD:refs/heads/${pr.base}`);
    return (await git('rev-parse', 'HEAD')).trim();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
