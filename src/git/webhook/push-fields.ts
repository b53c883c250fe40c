import { z } from 'zod';

// Go providers marshal empty slices as null, so each list may be absent, null or an array.
const pathList = z.array(z.string()).nullish();

/** The file lists one commit carries in GitHub, Gitea and GitLab push payloads. */
export const commitFilesSchema = z.object({
  added: pathList,
  modified: pathList,
  removed: pathList,
});
export type CommitFiles = z.infer<typeof commitFilesSchema>;

/** Added, modified and removed paths across `commits`, each once, in payload order. */
export function changedFilesOf(commits: readonly CommitFiles[]): string[] {
  const paths = commits.flatMap((c) => [
    ...(c.added ?? []),
    ...(c.modified ?? []),
    ...(c.removed ?? []),
  ]);
  return [...new Set(paths)];
}

/** A commit that names no list at all tells us nothing about the paths it touched. */
export function commitsListFiles(commits: readonly CommitFiles[]): boolean {
  return commits.every((c) => c.added != null || c.modified != null || c.removed != null);
}

/** The branch or tag a full ref names; neither for other refs (`refs/pull/…`, `refs/notes/…`). */
export function refTarget(ref: string): { branch?: string; tag?: string } {
  if (ref.startsWith('refs/heads/')) return { branch: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { tag: ref.slice('refs/tags/'.length) };
  return {};
}

/** Providers send an all-zero object id for the missing side of a created or deleted ref. */
export function isZeroSha(sha: string | null | undefined): boolean {
  return sha != null && /^0+$/.test(sha);
}

/** The non-empty URLs, each once, in the order given. */
export function uniqueUrls(...urls: readonly (string | null | undefined)[]): string[] {
  return [...new Set(urls.filter((url): url is string => url != null && url.trim() !== ''))];
}
