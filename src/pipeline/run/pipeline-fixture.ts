import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCommand } from '../../exec/index.js';
import { SqliteRunStore, type LogEntry, type RunRecord } from '../../store/index.js';
import { parsePipeline } from '../definition/index.js';
import { planPipeline, type TriggerEvent } from '../plan/index.js';
import { nativePostStepActions, nativeStepActions } from './native-actions/index.js';
import { runPipeline, type RunPipelineOptions, type RunnerDeps } from './run-pipeline.js';

// Test support: a real git repository with one pipeline committed, run for real with an
// in-memory store and a throwaway cache. Used by the runner's tests, not by Slipway itself.

export class PipelineFixture {
  readonly store = new SqliteRunStore(':memory:');
  readonly lines: LogEntry[] = [];

  private constructor(
    readonly dir: string,
    readonly repo: string,
    readonly cache: string,
  ) {}

  static async create(): Promise<PipelineFixture> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-run-'));
    const fixture = new PipelineFixture(dir, join(dir, 'repo'), join(dir, 'cache'));
    await mkdir(fixture.repo);
    await fixture.git('init', '-q', '-b', 'main');
    await fixture.git('config', 'user.email', 'test@slipway.dev');
    await fixture.git('config', 'user.name', 'Slipway test');
    return fixture;
  }

  git(...args: string[]): Promise<string> {
    return runCommand('git', ['-C', this.repo, ...args]);
  }

  /** Commits the pipeline (and other files); returns the commit. */
  async commit(pipeline: string, files: Record<string, string> = {}): Promise<string> {
    for (const [path, text] of Object.entries({
      '.slipway/pipelines/ci.yaml': pipeline,
      ...files,
    })) {
      await mkdir(dirname(join(this.repo, path)), { recursive: true });
      await writeFile(join(this.repo, path), text);
    }
    await this.git('add', '-A');
    await this.git('commit', '-q', '-m', 'change');
    return (await this.git('rev-parse', 'HEAD')).trim();
  }

  /** Commits the pipeline and runs it for a manual event at that commit. */
  async run(
    pipeline: string,
    options: Partial<RunPipelineOptions> & { secrets?: Record<string, string> } = {},
    deps: Partial<RunnerDeps> = {},
  ): Promise<RunRecord> {
    const sha = await this.commit(pipeline);
    return this.runAt(sha, pipeline, options, deps);
  }

  async runAt(
    sha: string,
    pipeline: string,
    options: Partial<RunPipelineOptions> & { secrets?: Record<string, string> } = {},
    deps: Partial<RunnerDeps> = {},
  ): Promise<RunRecord> {
    const event: TriggerEvent = { kind: 'manual', ref: 'refs/heads/main', sha };
    const decision = planPipeline(parsePipeline(pipeline, '.slipway/pipelines/ci.yaml'), event);
    if (!decision.triggered) throw new Error(`not triggered: ${decision.reason}`);
    return runPipeline(
      decision.plan,
      {
        store: this.store,
        actions: nativeStepActions,
        postActions: nativePostStepActions,
        secrets: options.secrets,
        onLog: (entry) => this.lines.push(entry),
        ...deps,
      },
      { repo: this.repo, cacheDir: this.cache, pollIntervalMs: 100, killGraceMs: 500, ...options },
    );
  }

  /** The log lines of one step, without timestamps. */
  log(job: string, step: string): string[] {
    return this.lines.filter((l) => l.job === job && l.step === step).map((l) => l.line);
  }

  async remove(): Promise<void> {
    this.store.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
