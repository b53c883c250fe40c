import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCommand } from '../../../src/exec/index.js';

/** A real Git repository in a temp folder that tests commit to, served as a file:// URL. */
export class GitFixture {
  private constructor(readonly dir: string) {}

  static async create(files: Record<string, string> = {}): Promise<GitFixture> {
    const dir = await mkdtemp(join(tmpdir(), 'slipway-config-'));
    const repo = new GitFixture(dir);
    await repo.git('init', '-q', '-b', 'main');
    await repo.git('config', 'user.email', 'test@slipway.dev');
    await repo.git('config', 'user.name', 'Slipway test');
    await repo.commit('initial', files, { allowEmpty: true });
    return repo;
  }

  get url(): string {
    return `file://${this.dir}`;
  }

  git(...args: string[]): Promise<string> {
    return runCommand('git', ['-C', this.dir, ...args]);
  }

  /** Writes (or, with null, deletes) files and commits; returns the new commit's sha. */
  async commit(
    message: string,
    files: Record<string, string | null>,
    options: { allowEmpty?: boolean } = {},
  ): Promise<string> {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) await rm(full, { force: true });
      else {
        await mkdir(dirname(full), { recursive: true });
        await writeFile(full, content);
      }
    }
    await this.git('add', '-A');
    await this.git('commit', '-q', '-m', message, ...(options.allowEmpty ? ['--allow-empty'] : []));
    return (await this.git('rev-parse', 'HEAD')).trim();
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
