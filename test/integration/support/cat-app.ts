import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { runCommand, tryCommand } from '../../../src/exec/index.js';
import { SlackInbox, type SlackMessage } from '../../../src/demo/index.js';
import { readPipelinesAt } from '../../../src/cli/commands/pipeline/pipeline-source.js';
import { planPipeline, type Pipeline, type TriggerEvent } from '../../../src/pipeline/index.js';
import {
  EnvFileSecretSource,
  nativePostStepActions,
  nativeStepActions,
  runPipeline,
  type RunPipelineOptions,
} from '../../../src/pipeline/run/index.js';
import { defaultStepActions } from '../../../src/pipeline/steps/index.js';
import {
  SqliteRunStore,
  type LogEntry,
  type RunRecord,
  type StepRecord,
} from '../../../src/store/index.js';

// The cat app's pipelines run for real: the example copied into a throwaway Git repository, its
// config repository template in a bare repository, a Slack stand-in that records what it is
// sent, and the runner with the store, the native actions and Slipway's own steps.

export const examplesDir = resolve(import.meta.dirname, '../../../examples');

const gitIdentity = ['-c', 'user.name=Cat Dev', '-c', 'user.email=dev@cat.test'];

/** A Git working repository in a temp folder; `branch` commits on a branch and comes back. */
export class AppRepo {
  private constructor(readonly dir: string) {}

  /** A repository holding a copy of `source` (or nothing), committed on main. */
  static async create(source?: string): Promise<AppRepo> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-cat-app-'));
    const repo = new AppRepo(dir);
    if (source !== undefined) await cp(source, dir, { recursive: true });
    await repo.git('init', '-q', '-b', 'main');
    await repo.git('add', '-A');
    await repo.git(...gitIdentity, 'commit', '-q', '--allow-empty', '-m', 'cat app');
    return repo;
  }

  git(...args: string[]): Promise<string> {
    return runCommand('git', ['-C', this.dir, ...args]);
  }

  async head(): Promise<string> {
    return (await this.git('rev-parse', 'HEAD')).trim();
  }

  /** Writes the files (null deletes one) and commits on the current branch; the new sha. */
  async commit(message: string, files: Record<string, string | null>): Promise<string> {
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (text === null) await rm(full, { force: true });
      else {
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, text);
      }
    }
    await this.git('add', '-A');
    await this.git(...gitIdentity, 'commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  /** Commits the files on a new branch off main, then checks main out again; the branch's sha. */
  async branch(name: string, files: Record<string, string | null>): Promise<string> {
    await this.git('checkout', '-q', '-b', name, 'main');
    try {
      return await this.commit(`${name}: change`, files);
    } finally {
      await this.git('checkout', '-q', 'main');
    }
  }

  /** The pipelines committed at `sha` (not the working tree), as `slipway pipeline run` reads them. */
  pipelinesAt(sha: string): Promise<Pipeline[]> {
    return readPipelinesAt(this.dir, sha);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A bare repository holding `files` on main, plus its file:// URL. */
export async function bareRepo(
  source: string,
): Promise<{ readonly dir: string; readonly url: string }> {
  const seed = await AppRepo.create(source);
  const dir = `${seed.dir}.git`;
  await runCommand('git', ['clone', '-q', '--bare', seed.dir, dir]);
  await seed.remove();
  return { dir, url: `file://${dir}` };
}

export function pullRequest(
  number: number,
  sha: string,
  branch: string,
  action = 'opened',
  merged = false,
): TriggerEvent {
  return {
    kind: 'pull_request',
    action,
    ref: `refs/pull/${number}/head`,
    branch,
    baseBranch: 'main',
    sha,
    pr: { number, headSha: sha, merged },
  };
}

export function pushToMain(sha: string): TriggerEvent {
  return { kind: 'push', ref: 'refs/heads/main', branch: 'main', sha };
}

export type { SlackMessage };

/** A Slack incoming-webhook stand-in on 127.0.0.1 (the demo's inbox) that keeps every payload. */
export async function slackReceiver(): Promise<{
  readonly url: string;
  readonly messages: SlackMessage[];
  close(): Promise<void>;
}> {
  const inbox = new SlackInbox();
  const url = await inbox.start();
  return { url, messages: inbox.messages, close: () => inbox.close() };
}

/** Everything text in a Slack payload (its text and every block's), for assertions. */
export function slackText(message: SlackMessage): string {
  return JSON.stringify(message.body);
}

/** Runs pipelines with one store, cache and secrets file, as `slipway pipeline run` does. */
export class PipelineRunner {
  readonly lines: LogEntry[] = [];
  private readonly store = new SqliteRunStore(':memory:');
  private readonly actions = {
    ...nativeStepActions,
    ...defaultStepActions({ notifyRetryDelaysMs: [200], bumpRetryDelaysMs: [100, 200, 400, 800] }),
  };

  constructor(
    readonly cacheDir: string,
    /** KEY=VALUE lines, outside every repository the runs build. */
    readonly secretsFile: string,
  ) {}

  async run(
    repo: AppRepo,
    file: string,
    event: TriggerEvent,
    options: Partial<RunPipelineOptions> = {},
  ): Promise<RunRecord> {
    const pipeline = (await repo.pipelinesAt(event.sha)).find((p) => p.file.endsWith(file));
    if (pipeline === undefined) throw new Error(`no pipeline ${file} at ${event.sha}`);
    const decision = planPipeline(pipeline, event);
    if (!decision.triggered) throw new Error(`${file} does not run: ${decision.reason}`);
    const secrets = await new EnvFileSecretSource(this.secretsFile, repo.dir).load();
    return runPipeline(
      decision.plan,
      {
        store: this.store,
        actions: this.actions,
        postActions: nativePostStepActions,
        secrets,
        onLog: (entry) => this.lines.push(entry),
      },
      {
        repo: repo.dir,
        cacheDir: this.cacheDir,
        pollIntervalMs: 200,
        killGraceMs: 1000,
        ...options,
      },
    );
  }

  get(runId: string): Promise<RunRecord | undefined> {
    return this.store.getRun(runId);
  }

  requestCancel(runId: string): Promise<boolean> {
    return this.store.requestCancel(runId);
  }

  /** A run's log lines of one job (and step, when given), without timestamps. */
  log(runId: string, job: string, step?: string): string[] {
    return this.lines
      .filter((l) => l.runId === runId && l.job === job && (step === undefined || l.step === step))
      .map((l) => l.line);
  }

  close(): void {
    this.store.close();
  }
}

/** The record of a step by job id and step name; throws naming what the run had instead. */
export function stepOf(run: RunRecord, job: string, name: string): StepRecord {
  const record = run.summary.jobs.find((j) => j.id === job);
  const step = record?.steps.find((s) => s.name === name);
  if (step === undefined) {
    const have = run.summary.jobs.map((j) => `${j.id}: ${j.steps.map((s) => s.name).join(', ')}`);
    throw new Error(`no step "${name}" in job ${job}; the run has ${have.join(' | ')}`);
  }
  return step;
}

/** Status of every step, `job/step=status`, for one readable assertion on a whole run. */
export function stepStatuses(run: RunRecord): Record<string, string> {
  const entries: [string, string][] = run.summary.jobs.flatMap((job) => [
    [job.id, job.status] as [string, string],
    ...job.steps.map((step): [string, string] => [`${job.id}/${step.name}`, step.status]),
  ]);
  return Object.fromEntries(entries);
}

/** The registry's digest for an image reference, or undefined when it has no such tag. */
export async function registryDigest(image: string): Promise<string | undefined> {
  const result = await tryCommand('skopeo', [
    'inspect',
    '--tls-verify=false',
    '--format',
    '{{.Digest}}',
    `docker://${image}`,
  ]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Removes a tag from the registry and the local store; quiet when either is already gone. */
export async function forgetImage(image: string): Promise<void> {
  await tryCommand('skopeo', ['delete', '--tls-verify=false', `docker://${image}`]);
  await tryCommand('buildah', ['rmi', '-f', image]);
}
