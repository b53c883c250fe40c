import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InputError } from '../../errors/index.js';
import { tryCommand } from '../../exec/index.js';
import type { StepAction, StepContext, StepResult } from '../run/step-action.js';
import { buildArgCacheHazard } from './build-arg-cache.js';
import { isTag, parseImageRef } from './image-ref.js';
import { runLogged } from './logged-command.js';
import { failure, listInput, optionalInput, requiredInput, workspacePath } from './step-io.js';

export type BuildPlan = {
  readonly repository: string;
  readonly tags: readonly string[];
  readonly file: string;
  readonly context: string;
  readonly buildArgs: readonly (readonly [string, string])[];
  /** Seconds since the epoch stamped on every layer and the config, for reproducible images. */
  readonly timestamp: number | undefined;
  readonly iidFile: string;
  /** Build every layer afresh: the layer cache would keep a stale build argument. */
  readonly noCache?: boolean;
};

/** `build-args`: one `KEY=value` per line; blank lines and `#` comments are skipped. Pure. */
export function parseBuildArgs(text: string | undefined): [string, string][] {
  if (text === undefined) return [];
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const eq = line.indexOf('=');
      const key = eq < 0 ? line : line.slice(0, eq).trim();
      if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
        throw new InputError(`\`with.build-args\` line ${JSON.stringify(line)} is not KEY=value`, {
          hint: 'write one build argument per line, e.g. PYTHON_VERSION=3.11',
        });
      }
      return [key, line.slice(eq + 1)];
    });
}

/** The tags to apply: the image's own tag first, then `tags`, `latest` when there are none. Pure. */
export function buildTags(image: string, tagsInput: string | undefined): string[] {
  const own = parseImageRef(image).tag;
  const tags = [...(own === undefined ? [] : [own]), ...listInput(tagsInput)];
  for (const tag of tags) {
    if (!isTag(tag)) {
      throw new InputError(`\`with.tags\` has ${JSON.stringify(tag)}, which is not a valid tag`, {
        hint: 'a tag is up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`',
      });
    }
  }
  return tags.length === 0 ? ['latest'] : [...new Set(tags)];
}

/** The `buildah build` arguments of a plan. Pure. */
export function buildahBuildArgs(plan: BuildPlan): string[] {
  return [
    'build',
    '--layers',
    ...(plan.noCache === true ? ['--no-cache'] : []),
    '--tls-verify=false',
    '--iidfile',
    plan.iidFile,
    '-f',
    plan.file,
    ...plan.tags.flatMap((tag) => ['-t', `${plan.repository}:${tag}`]),
    ...plan.buildArgs.flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]),
    ...(plan.timestamp === undefined ? [] : ['--timestamp', String(plan.timestamp)]),
    plan.context,
  ];
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

async function containerfileIn(context: StepContext, buildContext: string): Promise<string> {
  const given = optionalInput(context, 'file');
  if (given !== undefined) return workspacePath(context, given, 'file');
  for (const name of ['Containerfile', 'Dockerfile']) {
    for (const dir of [buildContext, context.workspace]) {
      if (await exists(join(dir, name))) return join(dir, name);
    }
  }
  throw new InputError(`no Containerfile or Dockerfile in ${buildContext}`, {
    hint: 'add one, or point `with.file` at it',
  });
}

/** SOURCE_DATE_EPOCH when set, else the commit's time, so a rebuild of a commit is the same image. */
async function sourceDateEpoch(context: StepContext): Promise<number | undefined> {
  const fromEnv = context.env['SOURCE_DATE_EPOCH'];
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv.trim())) return Number(fromEnv.trim());
  for (const rev of [context.run.event.sha, 'HEAD']) {
    const result = await tryCommand('git', [
      '-C',
      context.workspace,
      'log',
      '-1',
      '--format=%ct',
      rev,
    ]);
    const seconds = result.stdout.trim();
    if (result.code === 0 && /^\d+$/.test(seconds)) return Number(seconds);
  }
  context.log(
    'image-build: no SOURCE_DATE_EPOCH and no commit to take the time from; not stamping',
  );
  return undefined;
}

export const imageBuild: StepAction = async (context): Promise<StepResult> => {
  const image = requiredInput(context, 'image', 'image-build');
  const repository = parseImageRef(image).repository;
  const buildContext = workspacePath(context, optionalInput(context, 'context') ?? '.', 'context');
  const scratch = await mkdtemp(join(tmpdir(), 'slipway-build-'));
  try {
    const file = await containerfileIn(context, buildContext);
    const buildArgs = parseBuildArgs(context.inputs['build-args']);
    const hazard = buildArgCacheHazard(
      await readFile(file, 'utf8'),
      buildArgs.map(([key]) => key),
    );
    if (hazard !== undefined) {
      context.log(
        `image-build: ${basename(file)}:${hazard.line} takes ${hazard.arg} from a build argument in ` +
          `\`${hazard.instruction.split(/\s+/)[0] ?? ''}\` with no RUN after it; buildah's layer cache would keep an ` +
          `older value (containers/buildah#5501), so this build skips the cache. A RUN after it ` +
          `that uses the argument lets the cache work again.`,
      );
    }
    const plan: BuildPlan = {
      repository,
      tags: buildTags(image, optionalInput(context, 'tags')),
      file,
      context: buildContext,
      buildArgs,
      timestamp: await sourceDateEpoch(context),
      iidFile: join(scratch, 'iid'),
      noCache: hazard !== undefined,
    };
    const result = await runLogged('buildah', buildahBuildArgs(plan), {
      cwd: context.workspace,
      signal: context.signal,
      log: context.log,
    });
    if (context.signal.aborted) return failure('image build cancelled');
    if (result.code !== 0) return failure(`image build failed: ${result.tail.join('\n')}`);
    const imageId = (await readFile(plan.iidFile, 'utf8')).trim();
    return {
      outcome: 'success',
      outputs: { image: `${repository}:${plan.tags[0] ?? 'latest'}`, 'image-id': imageId },
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
};
