import { InputError, StateError } from '../../errors/index.js';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import { checkSecretValue, quoteForError } from '../secret-input.js';
import type {
  SecretInfo,
  SecretProvider,
  SecretValue,
  SecretVersionInfo,
} from '../secret-types.js';
import type { KubeSecret, KubeSecretApi } from './kube-secret-api.js';

// Secrets as Kubernetes Secrets in one namespace: the name "db/password" is key "password" of
// Secret "db". Kubernetes keeps one value per key, so the only version is the Secret's
// resourceVersion, and delete is immediate (no soft delete). Slipway writes only to Secrets
// labelled slipway.dev/managed=true, so it cannot clobber a Secret another tool owns.

export const managedLabel = 'slipway.dev/managed';
const updatedAnnotation = 'slipway.dev/updated-at';
const maxAttempts = 5;

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dataKey = /^[-._a-zA-Z0-9]{1,253}$/;

/** Splits "secret/key", refusing anything that is not exactly one valid Secret name and key. */
export function parseKubeSecretName(name: unknown): { secret: string; key: string } {
  if (typeof name !== 'string') throw new InputError('name must be a string');
  const [secret, key, ...rest] = name.split('/');
  const ok =
    rest.length === 0 &&
    secret !== undefined &&
    key !== undefined &&
    secret.length <= 253 &&
    dnsSubdomain.test(secret) &&
    dataKey.test(key) &&
    !key.includes('..') &&
    key !== '.';
  if (ok) return { secret, key };
  throw new InputError(`name ${quoteForError(name)} is not a Kubernetes secret name`, {
    hint: 'write it as "<secret>/<key>": a Secret name (lowercase DNS name) and a data key of letters, digits, "-", "_", "." without ".."',
  });
}

const isConflict = (error: unknown): boolean => (error as { status?: number }).status === 409;

export class KubernetesSecretProvider implements SecretProvider {
  readonly kind = 'kubernetes';
  readonly softDelete = false;

  constructor(
    private readonly api: KubeSecretApi,
    readonly namespace: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    if (!dnsLabel.test(namespace)) {
      throw new InputError(
        `namespace ${quoteForError(namespace)} is not a Kubernetes namespace name`,
      );
    }
  }

  private where(secret: string): string {
    return `Secret ${this.namespace}/${secret}`;
  }

  async get(name: string, version?: string): Promise<SecretValue> {
    const { secret, key } = parseKubeSecretName(name);
    const found = await this.api.get(this.namespace, secret);
    const encoded = found?.data?.[key];
    if (found === undefined || encoded === undefined)
      throw new SecretNotFoundError(name, undefined);
    const current = found.metadata.resourceVersion ?? '';
    if (version !== undefined && version !== current) {
      throw new SecretNotFoundError(name, quoteForError(version), false, {
        hint: `Kubernetes keeps only the current value (version ${current}, the Secret's resourceVersion)`,
      });
    }
    return {
      name,
      version: current,
      value: Buffer.from(encoded, 'base64').toString('utf8'),
      createdAt: updatedAt(found),
    };
  }

  /** Creates or updates key `key`; retries when another writer changed the Secret meanwhile. */
  async set(name: string, value: string): Promise<string> {
    const { secret, key } = parseKubeSecretName(name);
    checkSecretValue(value);
    const encoded = Buffer.from(value, 'utf8').toString('base64');
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const existing = await this.api.get(this.namespace, secret);
      try {
        const written =
          existing === undefined
            ? await this.api.create(this.newSecret(secret, key, encoded))
            : await this.api.mergePatch(
                this.namespace,
                secret,
                this.patch(existing, { [key]: encoded }),
              );
        return written.metadata.resourceVersion ?? '';
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    throw new SecretConflictError(`${this.where(secret)} kept changing; ${name} was not written`, {
      hint: 'another writer is updating this Secret; try again',
    });
  }

  async list(prefix = ''): Promise<SecretInfo[]> {
    const secrets = await this.api.list(this.namespace, `${managedLabel}=true`);
    return secrets
      .flatMap((s) =>
        Object.keys(s.data ?? {}).map((key) => ({
          name: `${s.metadata.name}/${key}`,
          createdAt: s.metadata.creationTimestamp ?? updatedAt(s),
          updatedAt: updatedAt(s),
        })),
      )
      .filter((s) => s.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Removes the key at once: Kubernetes has no soft delete. */
  async delete(name: string): Promise<void> {
    const { secret, key } = parseKubeSecretName(name);
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const existing = await this.api.get(this.namespace, secret);
      if (existing?.data?.[key] === undefined) throw new SecretNotFoundError(name, undefined);
      try {
        await this.api.mergePatch(this.namespace, secret, this.patch(existing, { [key]: null }));
        return;
      } catch (error) {
        if (!isConflict(error)) throw error;
      }
    }
    throw new SecretConflictError(`${this.where(secret)} kept changing; ${name} was not deleted`);
  }

  recover(name: string): Promise<void> {
    return Promise.reject(
      new StateError(
        `cannot recover ${quoteForError(name)}: Kubernetes Secrets have no soft delete`,
        {
          hint: 'a deleted key is gone; set it again',
        },
      ),
    );
  }

  purge(name: string): Promise<void> {
    return this.delete(name);
  }

  async versions(name: string): Promise<SecretVersionInfo[]> {
    const current = await this.get(name);
    return [{ version: current.version, createdAt: current.createdAt }];
  }

  private newSecret(secret: string, key: string, encoded: string): KubeSecret {
    return {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: secret,
        namespace: this.namespace,
        labels: { [managedLabel]: 'true' },
        annotations: { [updatedAnnotation]: this.clock().toISOString() },
      },
      type: 'Opaque',
      data: { [key]: encoded },
    };
  }

  /** A merge patch that applies only if the Secret is still what we read, and is ours. */
  private patch(existing: KubeSecret, data: Record<string, string | null>): unknown {
    if (existing.metadata.labels?.[managedLabel] !== 'true') {
      throw new SecretConflictError(
        `${this.where(existing.metadata.name)} is not managed by Slipway, which does not write to it`,
        {
          hint: `label it ${managedLabel}=true to let Slipway manage it, or use another Secret name`,
        },
      );
    }
    return {
      metadata: {
        resourceVersion: existing.metadata.resourceVersion,
        annotations: { [updatedAnnotation]: this.clock().toISOString() },
      },
      data,
    };
  }
}

function updatedAt(secret: KubeSecret): string {
  return (
    secret.metadata.annotations?.[updatedAnnotation] ?? secret.metadata.creationTimestamp ?? ''
  );
}
