import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tryCommand } from '../../../exec/index.js';
import { InputError } from '../../../errors/index.js';
import {
  parsePipelineFiles,
  pipelinesDirectory,
  type Pipeline,
  type PipelineFile,
  type TriggerEvent,
} from '../../../pipeline/index.js';

// Where `slipway pipeline run` reads pipelines from: the committed files at a commit (never the
// working tree, so an uncommitted edit is not run), from a local directory or a URL's mirror.

export type PipelineSource = {
  /** What jobs clone: an absolute directory or the URL. */
  readonly repo: string;
  /** Where to read commits: the directory itself, or a bare mirror of the URL. */
  readonly gitDir: string;
  /** The full ref (`refs/heads/main`) or HEAD when detached. */
  readonly ref: string;
  readonly sha: string;
};

const isUrl = (repo: string): boolean =>
  /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[^/]+@[^/]+:/.test(repo);

async function git(gitDir: string, args: readonly string[]): Promise<string | undefined> {
  const result = await tryCommand('git', ['-C', gitDir, ...args], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Resolves --repo, --ref and --sha to a commit whose pipelines can be read. */
export async function resolveSource(
  repo: string,
  ref: string | undefined,
  sha: string | undefined,
  cacheDir: string,
): Promise<PipelineSource> {
  const url = isUrl(repo);
  const source = url ? repo : resolve(repo);
  const gitDir = url ? await mirror(repo, cacheDir) : source;
  if (!url && (await git(gitDir, ['rev-parse', '--git-dir'])) === undefined) {
    throw new InputError(`--repo ${repo}: not a git repository`, {
      hint: 'pass a directory with a git checkout or a repository URL',
    });
  }
  const wanted =
    ref ?? (url ? 'HEAD' : ((await git(gitDir, ['symbolic-ref', '-q', 'HEAD'])) ?? 'HEAD'));
  const fullRef = (await git(gitDir, ['rev-parse', '--symbolic-full-name', wanted])) || wanted;
  const commit = await git(gitDir, ['rev-parse', '--verify', '-q', `${sha ?? wanted}^{commit}`]);
  if (commit === undefined) {
    const which = sha === undefined ? `--ref ${wanted}` : `--sha ${sha}`;
    throw new InputError(`${which} does not name a commit in ${repo}`, {
      hint: 'check the branch or commit exists (and is pushed, for a URL)',
    });
  }
  return { repo: source, gitDir, ref: fullRef, sha: commit };
}

async function mirror(url: string, cacheDir: string): Promise<string> {
  const dir = join(
    cacheDir,
    'pipeline-sources',
    createHash('sha256').update(url).digest('hex').slice(0, 16),
  );
  await mkdir(join(cacheDir, 'pipeline-sources'), { recursive: true });
  const args = existsSync(dir)
    ? [
        '-C',
        dir,
        'fetch',
        '-q',
        '--prune',
        'origin',
        '+refs/heads/*:refs/heads/*',
        '+refs/tags/*:refs/tags/*',
      ]
    : ['clone', '-q', '--bare', url, dir];
  const result = await tryCommand('git', args, {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });
  if (result.code !== 0) {
    throw new InputError(`cannot fetch ${url}: ${result.stderr.trim()}`, {
      hint: 'check the URL and that this machine can read it',
    });
  }
  return dir;
}

/** Every pipeline file committed at `sha`, checked together as loadPipelines does. */
export async function readPipelinesAt(gitDir: string, sha: string): Promise<Pipeline[]> {
  const listing =
    (await git(gitDir, ['ls-tree', '--name-only', `${sha}:${pipelinesDirectory}`])) ?? '';
  const files = listing
    .split('\n')
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => join(pipelinesDirectory, name));
  const texts: PipelineFile[] = [];
  for (const file of files)
    texts.push({ file, text: (await git(gitDir, ['show', `${sha}:${file}`])) ?? '' });
  return parsePipelineFiles(texts);
}

export type EventFlags = {
  readonly event: string;
  readonly action: string | undefined;
  readonly pr: string | undefined;
  readonly base: string | undefined;
};

/** The trigger event the flags describe, at the resolved commit. */
export function triggerEvent(flags: EventFlags, source: PipelineSource): TriggerEvent {
  const branch = source.ref.startsWith('refs/heads/')
    ? source.ref.slice('refs/heads/'.length)
    : undefined;
  if (flags.event === 'push' || flags.event === 'manual') {
    return { kind: flags.event, ref: source.ref, sha: source.sha };
  }
  if (flags.event !== 'pull_request') {
    throw new InputError(`--event ${flags.event}: must be pull_request, push or manual`);
  }
  const number = Number(flags.pr ?? '1');
  if (!Number.isInteger(number) || number < 1) {
    throw new InputError(`--pr ${flags.pr}: must be a pull request number`);
  }
  const action = flags.action ?? 'opened';
  if (!['opened', 'synchronize', 'reopened', 'closed'].includes(action)) {
    throw new InputError(`--action ${action}: must be opened, synchronize, reopened or closed`);
  }
  return {
    kind: 'pull_request',
    action,
    ref: `refs/pull/${number}/head`,
    branch,
    baseBranch: flags.base ?? 'main',
    sha: source.sha,
    pr: { number, headSha: source.sha },
  };
}
