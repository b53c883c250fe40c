import { runCommand } from '../exec/index.js';
import { zeroSha, type CommitSummary } from './github-payloads.js';

// What a push (or a merge) did to a repository's branches: the refs before and after, compared.

export type RefSnapshot = ReadonlyMap<string, string>;

export type RefChange = { readonly ref: string; readonly before: string; readonly after: string };

/** Every branch of a bare repository with its sha. */
export async function readBranches(gitDir: string): Promise<RefSnapshot> {
  const out = await runCommand('git', [
    '--git-dir',
    gitDir,
    'for-each-ref',
    '--format=%(refname) %(objectname)',
    'refs/heads/',
  ]);
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [ref, sha] = line.trim().split(' ');
    if (ref !== undefined && sha !== undefined) refs.set(ref, sha);
  }
  return refs;
}

/** The branches created, moved or deleted between two snapshots, sorted by name. Pure. */
export function refChanges(before: RefSnapshot, after: RefSnapshot): RefChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((ref) => {
    const was = before.get(ref) ?? zeroSha;
    const now = after.get(ref) ?? zeroSha;
    return was === now ? [] : [{ ref, before: was, after: now }];
  });
}

const maxCommitsListed = 20;

/** The commits a change brought, oldest first, with the files each touched (as GitHub lists). */
export async function commitsOf(gitDir: string, change: RefChange): Promise<CommitSummary[]> {
  if (change.after === zeroSha) return [];
  const range = change.before === zeroSha ? [change.after] : [`${change.before}..${change.after}`];
  const git = (...args: string[]): Promise<string> =>
    runCommand('git', ['--git-dir', gitDir, ...args]);
  const ids = (await git('rev-list', '--reverse', `--max-count=${maxCommitsListed}`, ...range))
    .split('\n')
    .filter((s) => s !== '');
  return Promise.all(
    ids.map(async (id) => {
      const [timestamp = '', ...message] = (await git('show', '-s', '--format=%cI%n%B', id)).split(
        '\n',
      );
      const files = await git('diff-tree', '--root', '--no-commit-id', '--name-status', '-r', id);
      const byStatus = (status: string): string[] =>
        files
          .split('\n')
          .filter((l) => l.startsWith(status))
          .map((l) => l.split('\t').at(-1) ?? '');
      return {
        id,
        timestamp,
        message: message.join('\n').trim(),
        added: byStatus('A'),
        removed: byStatus('D'),
        modified: byStatus('M'),
      };
    }),
  );
}
