import { normalizeRepoUrl, type PushEvent } from '../git/webhook/index.js';

export type AppSource = {
  readonly key: string;
  readonly repoURL: string;
  readonly targetRevision: string | undefined;
};

/**
 * The apps a push concerns, as Argo CD decides: same repository however spelled, and a target
 * revision that is the pushed branch or tag, or HEAD/empty (the default branch may have moved). Pure.
 */
export function appsForPush(event: PushEvent, apps: readonly AppSource[]): string[] {
  const repos = new Set(event.repoUrls.map(normalizeRepoUrl));
  const pushed = [event.branch, event.tag, event.ref].filter(
    (r): r is string => r !== undefined && r !== '',
  );
  return apps
    .filter((app) => repos.has(normalizeRepoUrl(app.repoURL)))
    .filter((app) => {
      const target = app.targetRevision ?? '';
      return (
        target === '' || target === 'HEAD' || pushed.includes(target) || target === event.after
      );
    })
    .map((app) => app.key);
}
