// The JSON a GitHub webhook carries for `push` and `pull_request`, limited to the fields GitHub
// documents that CI/CD receivers read. Pure builders: the host decides, these only shape.

export const zeroSha = '0000000000000000000000000000000000000000';

export type HostedRepo = {
  /** e.g. `cat-app` for `<base>/cat-app.git`. */
  readonly name: string;
  /** The host's base URL, e.g. `http://127.0.0.1:7481`. */
  readonly baseUrl: string;
  readonly owner: string;
};

export type CommitSummary = {
  readonly id: string;
  readonly message: string;
  readonly timestamp: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly modified: readonly string[];
};

export type PullRequestState = {
  readonly number: number;
  readonly title: string;
  readonly head: string;
  readonly base: string;
  readonly headSha: string;
  readonly baseSha: string;
  readonly state: 'open' | 'closed';
  readonly merged: boolean;
  readonly mergeCommitSha: string | null;
  readonly createdAt: string;
  readonly closedAt: string | null;
};

export function repositoryPayload(repo: HostedRepo): Record<string, unknown> {
  const htmlUrl = `${repo.baseUrl}/${repo.name}`;
  return {
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: { login: repo.owner },
    html_url: htmlUrl,
    clone_url: `${htmlUrl}.git`,
    default_branch: 'main',
    private: false,
  };
}

export function pushPayload(input: {
  readonly repo: HostedRepo;
  readonly ref: string;
  readonly before: string;
  readonly after: string;
  readonly commits: readonly CommitSummary[];
  readonly pusher: string;
}): Record<string, unknown> {
  const created = input.before === zeroSha;
  const deleted = input.after === zeroSha;
  const commits = input.commits.map((c) => ({
    id: c.id,
    message: c.message,
    timestamp: c.timestamp,
    added: c.added,
    removed: c.removed,
    modified: c.modified,
  }));
  return {
    ref: input.ref,
    before: input.before,
    after: input.after,
    created,
    deleted,
    forced: false,
    commits,
    head_commit: commits.at(-1) ?? null,
    pusher: { name: input.pusher },
    sender: { login: input.pusher },
    repository: repositoryPayload(input.repo),
  };
}

export function pullRequestPayload(input: {
  readonly repo: HostedRepo;
  readonly action: 'opened' | 'synchronize' | 'reopened' | 'closed';
  readonly pr: PullRequestState;
  readonly sender: string;
}): Record<string, unknown> {
  const { pr, repo } = input;
  const repository = repositoryPayload(repo);
  return {
    action: input.action,
    number: pr.number,
    pull_request: {
      number: pr.number,
      html_url: `${repo.baseUrl}/${repo.name}/pull/${pr.number}`,
      state: pr.state,
      title: pr.title,
      merged: pr.merged,
      merge_commit_sha: pr.mergeCommitSha,
      created_at: pr.createdAt,
      closed_at: pr.closedAt,
      user: { login: input.sender },
      head: { label: `${repo.owner}:${pr.head}`, ref: pr.head, sha: pr.headSha, repo: repository },
      base: { label: `${repo.owner}:${pr.base}`, ref: pr.base, sha: pr.baseSha, repo: repository },
    },
    repository,
    sender: { login: input.sender },
  };
}
