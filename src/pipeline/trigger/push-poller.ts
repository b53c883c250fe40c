import type { Logger } from 'pino';
import { ExternalCommandError } from '../../errors/index.js';
import { tryCommand } from '../../exec/index.js';
import { redactURL } from '../../git/index.js';
import type { RepoEvent } from '../../git/webhook/index.js';
import { branchUpdates, parseLsRemote, type BranchSnapshot } from './ref-snapshot.js';
import type { PipelineRepo } from './repo-registry.js';

export type PushPollerOptions = {
  readonly repos: readonly PipelineRepo[];
  readonly intervalMs: number;
  /** Called for each branch that moved; its failure is logged, not retried. */
  readonly onPush: (event: RepoEvent) => Promise<unknown>;
  readonly log: Logger;
  /** `git ls-remote --heads` output for a URL; runs git when absent (tests pass their own). */
  readonly listBranches?: (url: string) => Promise<string>;
};

const lsRemoteTimeoutMs = 60_000;

/**
 * Local pushes without webhooks: asks each registered repository for its branches every
 * interval and reports a push for every branch whose commit changed since the last answer.
 */
export class PushPoller {
  private readonly snapshots = new Map<string, BranchSnapshot>();
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(private readonly options: PushPollerOptions) {}

  start(): void {
    if (this.timer !== undefined) return;
    // The first poll only records where branches are; nothing is run for what was there before.
    void this.pollOnce();
    this.timer = setInterval(() => void this.pollOnce(), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  /** One round over every repository; a round still running is joined, not doubled. */
  pollOnce(): Promise<void> {
    this.polling ??= this.pollAll().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollAll(): Promise<void> {
    for (const repo of this.options.repos) await this.pollRepo(repo);
  }

  private async pollRepo(repo: PipelineRepo): Promise<void> {
    const { log } = this.options;
    let current: BranchSnapshot;
    try {
      current = parseLsRemote(await (this.options.listBranches ?? lsRemoteHeads)(repo.url));
    } catch (error) {
      // The last good snapshot stays, so a push during an outage is still seen afterwards.
      log.warn({ repo: repo.url, err: error }, 'cannot list branches');
      return;
    }
    const updates = branchUpdates(this.snapshots.get(repo.url), current);
    this.snapshots.set(repo.url, current);
    for (const { branch, sha } of updates) {
      log.info({ repo: repo.url, branch, sha }, 'push detected');
      const event: RepoEvent = {
        source: 'poll',
        repoUrls: [repo.url],
        event: { kind: 'push', ref: `refs/heads/${branch}`, branch, sha },
      };
      await this.options.onPush(event).catch((error: unknown) => {
        log.error({ repo: repo.url, branch, err: error }, 'cannot trigger pipelines for a push');
      });
    }
  }
}

async function lsRemoteHeads(url: string): Promise<string> {
  const result = await tryCommand('git', ['ls-remote', '--heads', url], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    timeoutMs: lsRemoteTimeoutMs,
  });
  if (result.code !== 0) {
    throw new ExternalCommandError(
      `git ls-remote --heads ${redactURL(url)}`,
      result.code,
      result.stderr,
      {
        hint: 'check the url in the --pipeline-repos file and that this machine can read it',
      },
    );
  }
  return result.stdout;
}
