import { chmod, lstat, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from './git-command.js';
import { GitError, gitFailureKinds, gitReason } from './git-error.js';
import { publishFolder, tempSibling } from './mirror.js';

const writeBits = 0o222;

/**
 * Removes write permission below `dir`, children first. Symlinks are skipped, not followed: a
 * repository's symlink may point anywhere on the host.
 */
async function makeReadOnly(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await makeReadOnly(path);
    else await chmod(path, (await lstat(path)).mode & ~writeBits & 0o7777);
  }
  await chmod(dir, (await lstat(dir)).mode & ~writeBits & 0o7777);
}

/** The folder of an already written tree, if there is one. */
export async function existingTree(treesDir: string, sha: string): Promise<string | undefined> {
  const path = join(treesDir, sha);
  return stat(path).then(
    (s) => (s.isDirectory() ? path : undefined),
    () => undefined,
  );
}

/**
 * Writes the tree of `sha` to `treesDir/<sha>` and makes it read-only, unless it is there.
 * It is built in a temp folder and renamed into place, so a half-written tree is never seen.
 */
export async function materializeTree(
  gitDir: string,
  displayURL: string,
  treesDir: string,
  sha: string,
): Promise<string> {
  const final = join(treesDir, sha);
  if ((await existingTree(treesDir, sha)) !== undefined) return final;
  await mkdir(treesDir, { recursive: true });
  const temp = tempSibling(final);
  const index = `${temp}.index`;
  try {
    await mkdir(temp);
    // read-tree + checkout-index rather than `git archive`: archive honours export-ignore and
    // export-subst, so its output can differ from the commit that was reviewed.
    const env = { GIT_INDEX_FILE: index };
    for (const args of [
      ['read-tree', '--end-of-options', sha],
      ['checkout-index', '--all', '--force'],
    ]) {
      const result = await git(gitDir, [`--work-tree=${temp}`, ...args], { env });
      if (result.code !== 0) {
        throw new GitError({
          kind: gitFailureKinds.commandFailed,
          repoURL: displayURL,
          revision: sha,
          reason: `writing the tree to ${temp}: ${gitReason(result.stderr)}`,
        });
      }
    }
    await publishFolder(temp, final);
  } finally {
    await rm(temp, { recursive: true, force: true });
    await rm(index, { force: true });
  }
  await makeReadOnly(final);
  return final;
}
