import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../../errors/index.js';
import type { ObjectClient } from '../../kube/index.js';
import { parseKeyValueFile } from './command-files.js';

// Where a run's `secrets` come from. Never the repository: Kubernetes Secrets in Slipway's
// namespace, or an env file that must live outside the repository being built.

export type SecretSource = {
  /** For messages: "env file /etc/slipway/secrets.env". */
  readonly description: string;
  load(): Promise<Record<string, string>>;
};

/** KEY=VALUE lines (and KEY<<EOF heredocs); # comments and blank lines are ignored. */
export class EnvFileSecretSource implements SecretSource {
  readonly description: string;

  constructor(
    private readonly file: string,
    /** The repository the pipeline comes from; the file may not be inside it. */
    private readonly repoDir: string | undefined,
  ) {
    this.description = `env file ${file}`;
  }

  async load(): Promise<Record<string, string>> {
    const file = await realpath(this.file).catch((cause: unknown) => {
      throw new InputError(`cannot read the secrets file ${this.file}`, {
        hint: 'check the path given to --secrets-file',
        cause,
      });
    });
    if (this.repoDir !== undefined) {
      const repo = await realpath(this.repoDir).catch(() => resolve(this.repoDir ?? '.'));
      const inside = relative(repo, file);
      if (!inside.startsWith('..') && !isAbsolute(inside)) {
        throw new InputError(`the secrets file ${this.file} is inside the repository ${repo}`, {
          hint: 'secrets never live in the repository: move the file outside it (e.g. ~/.config/slipway/secrets.env) or use Kubernetes Secrets',
        });
      }
    }
    const text = await readFile(file, 'utf8');
    const lines = text.split('\n').filter((line) => !/^\s*#/.test(line));
    return parseKeyValueFile(lines.join('\n'), this.file);
  }
}

export const pipelineSecretNamespace = 'slipway-system';
export const pipelineSecretLabel = 'slipway.dev/pipeline-secret=true';

type SecretObject = { metadata: { name: string }; data?: Record<string, string> };

/** Every data key of the labelled Secrets in Slipway's namespace; a later name wins a clash. */
export class KubeSecretSource implements SecretSource {
  readonly description: string;

  constructor(
    private readonly client: ObjectClient,
    private readonly namespace: string = pipelineSecretNamespace,
  ) {
    this.description = `Secrets labelled ${pipelineSecretLabel} in namespace ${namespace}`;
  }

  async load(): Promise<Record<string, string>> {
    const list = await this.client.list('v1', 'Secret', {
      namespace: this.namespace,
      labelSelector: pipelineSecretLabel,
    });
    // A Secret's data is base64 text by the API's contract.
    const secrets = (list.items as SecretObject[]).sort((a, b) =>
      a.metadata.name.localeCompare(b.metadata.name),
    );
    const values: Record<string, string> = {};
    for (const secret of secrets) {
      for (const [key, value] of Object.entries(secret.data ?? {})) {
        values[key] = Buffer.from(value, 'base64').toString('utf8');
      }
    }
    return values;
  }
}
