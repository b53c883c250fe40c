import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { InputError } from '../../errors/index.js';

/** An app repository whose pipelines webhooks and the poller may start. */
export type PipelineRepo = {
  /** The clone URL; webhook payloads match it however they spell it. */
  readonly url: string;
  /** KEY=VALUE secrets for its runs; outside any repository. */
  readonly secretsFile?: string;
  /** Its pull requests get preview environments (src/preview) of this app; none when absent. */
  readonly preview?: PipelineRepoPreview;
};

/** The app a repository's pull requests preview: where its config lives and its image's name. */
export type PipelineRepoPreview = {
  readonly app: string;
  readonly config: {
    readonly repoURL: string;
    readonly path?: string;
    readonly targetRevision?: string;
  };
  /** The image name the config uses (kustomize `images:`); the pushed repository when absent. */
  readonly image?: string;
  /** The project previews are checked against in the API; `default` when absent. */
  readonly project?: string;
};

const previewSchema = z
  .object({
    app: z
      .string()
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'must be a DNS label (lowercase letters, digits, -)',
      ),
    config: z
      .object({
        repoURL: z.string().trim().min(1),
        path: z.string().min(1).optional(),
        targetRevision: z.string().min(1).optional(),
      })
      .strict(),
    image: z.string().min(1).optional(),
    project: z.string().min(1).optional(),
  })
  .strict();

const registrySchema = z.object({
  repos: z.array(
    z
      .object({
        url: z.string().trim().min(1),
        secretsFile: z.string().min(1).optional(),
        preview: previewSchema.optional(),
      })
      .strict(),
  ),
});

/**
 * The `--pipeline-repos` file: `repos: [{url, secretsFile?, preview?}]`. A relative secretsFile
 * is read from the registry file's folder; `file` also names the source in errors. `preview:
 * {app, config: {repoURL, path?, targetRevision?}, image?, project?}` gives the repository's pull
 * requests a preview of `app`: its config rendered with the image their pipeline pushed. Pure.
 */
export function parsePipelineRepos(text: string, file: string): PipelineRepo[] {
  let document: unknown;
  try {
    document = parse(text) as unknown;
  } catch (error) {
    throw registryError(
      file,
      `is not YAML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = registrySchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`,
    );
    throw registryError(file, `is not a repository list: ${problems.join('; ')}`);
  }
  const base = dirname(resolve(file));
  return result.data.repos.map((repo) => ({
    url: repo.url,
    ...(repo.preview === undefined ? {} : { preview: repo.preview }),
    ...(repo.secretsFile === undefined
      ? {}
      : {
          secretsFile: isAbsolute(repo.secretsFile)
            ? repo.secretsFile
            : resolve(base, repo.secretsFile),
        }),
  }));
}

/** Reads and checks the registry file. */
export async function loadPipelineRepos(file: string): Promise<PipelineRepo[]> {
  const text = await readFile(file, 'utf8').catch((cause: unknown) => {
    throw new InputError(`--pipeline-repos: cannot read ${file}`, {
      hint: 'pass a YAML file like `repos: [{url: https://github.com/acme/app.git}]`',
      cause,
    });
  });
  return parsePipelineRepos(text, file);
}

function registryError(file: string, problem: string): InputError {
  return new InputError(`--pipeline-repos ${file} ${problem}`, {
    hint: 'write it as `repos:` followed by entries with `url:` and optionally `secretsFile:` and `preview:`',
  });
}
