// A throwaway git repository for the pipeline benchmark: files committed on `main`, the commit
// returned, so the runner's jobs clone it as they clone any repository.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runCommand } from '../../src/exec/index.js';

/** What a copied example leaves out: local virtualenvs and caches, never committed. */
const skipped = new Set(['.venv', 'venv', '__pycache__', '.pytest_cache', 'node_modules']);

export class BenchRepo {
  private constructor(readonly dir: string) {}

  static async create(): Promise<BenchRepo> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-bench-pipelines-'));
    const repo = new BenchRepo(dir);
    await mkdir(repo.path);
    await repo.git('init', '-q', '-b', 'main');
    await repo.git('config', 'user.email', 'bench@slipway.dev');
    await repo.git('config', 'user.name', 'Slipway bench');
    return repo;
  }

  /** The working tree the jobs clone. */
  get path(): string {
    return join(this.dir, 'repo');
  }

  /** A scratch folder beside the repository (run store, caches). */
  scratch(name: string): string {
    return join(this.dir, name);
  }

  git(...args: string[]): Promise<string> {
    return runCommand('git', ['-C', this.path, ...args]);
  }

  /** Copies a folder (an example app) into the repository root. */
  async copyFrom(source: string): Promise<void> {
    await cp(source, this.path, {
      recursive: true,
      filter: (from) => !skipped.has(basename(from)),
    });
  }

  /** Writes the files, commits everything, and returns the commit. */
  async commit(files: Readonly<Record<string, string>> = {}): Promise<string> {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(this.path, path)), { recursive: true });
      await writeFile(join(this.path, path), text);
    }
    await this.git('add', '-A');
    await this.git('commit', '-q', '-m', 'bench');
    return (await this.git('rev-parse', 'HEAD')).trim();
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
