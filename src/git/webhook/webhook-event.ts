/** The Git hosts whose push webhooks Slipway understands. */
export const GitProvider = {
  github: 'github',
  gitlab: 'gitlab',
  gitea: 'gitea',
  azureDevOps: 'azure-devops',
} as const;
export type GitProvider = (typeof GitProvider)[keyof typeof GitProvider];

/** How each provider is named in messages a person reads. */
export const providerLabel: Readonly<Record<GitProvider, string>> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  gitea: 'Gitea',
  'azure-devops': 'Azure DevOps',
};

/** A push to one ref, reduced to what a GitOps refresh needs. */
export type PushEvent = {
  readonly provider: GitProvider;
  /** Every clone/web URL of the pushed repository as the payload spells them (compare with `normalizeRepoUrl`). */
  readonly repoUrls: string[];
  /** The full ref, e.g. `refs/heads/main` or `refs/tags/v1.2.0`. */
  readonly ref: string;
  /** Set when `ref` is under `refs/heads/`. */
  readonly branch?: string;
  /** Set when `ref` is under `refs/tags/`. */
  readonly tag?: string;
  /** The commit the ref now points at; forty zeros when the ref was deleted. */
  readonly after: string;
  /** Paths added, modified or removed by the pushed commits, each once, in payload order. */
  readonly changedFiles: string[];
  /**
   * False when the payload cannot list every changed path (no file lists, a capped commit list, a
   * created or deleted ref): then an empty or short `changedFiles` must not skip a refresh.
   */
  readonly changedFilesComplete: boolean;
};

/** A well-formed delivery that asks for nothing (a ping, a pull request, a branch we don't track). */
export type IgnoredEvent = { readonly ignored: true; readonly reason: string };

export function ignoredEvent(reason: string): IgnoredEvent {
  return { ignored: true, reason };
}

export function isIgnoredEvent(event: PushEvent | IgnoredEvent): event is IgnoredEvent {
  return 'ignored' in event;
}
