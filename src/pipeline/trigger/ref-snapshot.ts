// What changed between two `git ls-remote --heads` answers. Pure.

/** Branch name → the commit it points at. */
export type BranchSnapshot = ReadonlyMap<string, string>;

export type BranchUpdate = { readonly branch: string; readonly sha: string };

/** Reads `git ls-remote --heads` output: `<sha>\trefs/heads/<branch>` lines. */
export function parseLsRemote(output: string): BranchSnapshot {
  const branches = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^([0-9a-f]{40}|[0-9a-f]{64})\trefs\/heads\/(.+)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) branches.set(match[2], match[1]);
  }
  return branches;
}

/**
 * The branches that moved or appeared since `previous`, in `current`'s order. Nothing on first
 * sight (no previous snapshot): the poller does not know what was already built. Deleted
 * branches are not pushes anything can run.
 */
export function branchUpdates(
  previous: BranchSnapshot | undefined,
  current: BranchSnapshot,
): BranchUpdate[] {
  if (previous === undefined) return [];
  return [...current]
    .filter(([branch, sha]) => previous.get(branch) !== sha)
    .map(([branch, sha]) => ({ branch, sha }));
}
