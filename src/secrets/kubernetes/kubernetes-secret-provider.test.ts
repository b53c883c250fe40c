import { describe, expect, it } from 'vitest';
import { InputError, StateError } from '../../errors/index.js';
import { SecretConflictError, SecretNotFoundError } from '../secret-errors.js';
import type { KubeSecret, KubeSecretApi } from './kube-secret-api.js';
import {
  KubernetesSecretProvider,
  managedLabel,
  parseKubeSecretName,
} from './kubernetes-secret-provider.js';

/**
 * An in-memory API server for Secrets with the semantics the provider relies on: 409 on create
 * of an existing name and on a merge patch carrying a stale resourceVersion, null deletes a key,
 * and an await between reading and writing so concurrent callers really interleave.
 */
class FakeSecrets implements KubeSecretApi {
  readonly objects = new Map<string, KubeSecret>();
  private revision = 100;

  private key = (namespace: string, name: string): string => `${namespace}/${name}`;
  private tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  private conflict = (): Error => Object.assign(new Error('conflict'), { status: 409 });

  async get(namespace: string, name: string): Promise<KubeSecret | undefined> {
    await this.tick();
    const found = this.objects.get(this.key(namespace, name));
    return found === undefined ? undefined : structuredClone(found);
  }

  async create(secret: KubeSecret): Promise<KubeSecret> {
    await this.tick();
    const key = this.key(secret.metadata.namespace ?? '', secret.metadata.name);
    if (this.objects.has(key)) throw this.conflict();
    const stored: KubeSecret = structuredClone(secret);
    stored.metadata.resourceVersion = String(++this.revision);
    stored.metadata.creationTimestamp = '2025-01-01T00:00:00Z';
    this.objects.set(key, stored);
    return structuredClone(stored);
  }

  async mergePatch(namespace: string, name: string, patch: unknown): Promise<KubeSecret> {
    await this.tick();
    const stored = this.objects.get(this.key(namespace, name));
    if (stored === undefined) throw Object.assign(new Error('not found'), { status: 404 });
    const p = patch as { metadata?: KubeSecret['metadata']; data?: Record<string, string | null> };
    if (
      p.metadata?.resourceVersion !== undefined &&
      p.metadata.resourceVersion !== stored.metadata.resourceVersion
    ) {
      throw this.conflict();
    }
    const data = { ...stored.data };
    for (const [k, v] of Object.entries(p.data ?? {})) {
      if (v === null) delete data[k];
      else data[k] = v;
    }
    stored.data = data;
    stored.metadata.annotations = { ...stored.metadata.annotations, ...p.metadata?.annotations };
    stored.metadata.resourceVersion = String(++this.revision);
    return structuredClone(stored);
  }

  async list(namespace: string, labelSelector: string): Promise<KubeSecret[]> {
    await this.tick();
    const [label, value] = labelSelector.split('=');
    return [...this.objects.values()].filter(
      (s) => s.metadata.namespace === namespace && s.metadata.labels?.[label ?? ''] === value,
    );
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const setup = (): { api: FakeSecrets; secrets: KubernetesSecretProvider } => {
  const api = new FakeSecrets();
  return {
    api,
    secrets: new KubernetesSecretProvider(api, 'shop', () => new Date('2025-02-03T04:05:06Z')),
  };
};

describe('the Kubernetes Secrets provider', () => {
  it('maps "secret/key" to data[key] of a managed Secret, base64-encoded', async () => {
    const { api, secrets } = setup();
    const version = await secrets.set('db/password', 'hunter2');
    const stored = api.objects.get('shop/db');
    expect(stored?.metadata.labels).toEqual({ [managedLabel]: 'true' });
    expect(stored?.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
    expect(await secrets.get('db/password')).toEqual({
      name: 'db/password',
      version,
      value: 'hunter2',
      createdAt: '2025-02-03T04:05:06.000Z',
    });
    await secrets.set('db/user', 'app');
    expect((await secrets.list()).map((s) => s.name)).toEqual(['db/password', 'db/user']);
    expect((await secrets.list('db/u')).map((s) => s.name)).toEqual(['db/user']);
  });

  it('has one version only: the Secret resourceVersion', async () => {
    const { secrets } = setup();
    const first = await secrets.set('db/password', 'a');
    const second = await secrets.set('db/password', 'b');
    expect(second).not.toBe(first);
    expect(await secrets.versions('db/password')).toEqual([
      { version: second, createdAt: '2025-02-03T04:05:06.000Z' },
    ]);
    const error = await rejection(secrets.get('db/password', first));
    expect(error).toBeInstanceOf(SecretNotFoundError);
    expect((error as SecretNotFoundError).describe()).toMatch(/keeps only the current value/);
  });

  it('reads but never writes a Secret it does not manage', async () => {
    const { api, secrets } = setup();
    api.objects.set('shop/tls', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'tls', namespace: 'shop', resourceVersion: '7' },
      data: { 'tls.key': Buffer.from('KEY').toString('base64') },
    });
    expect((await secrets.get('tls/tls.key')).value).toBe('KEY');
    expect(await rejection(secrets.set('tls/tls.key', 'x'))).toBeInstanceOf(SecretConflictError);
    expect(await rejection(secrets.delete('tls/tls.key'))).toBeInstanceOf(SecretConflictError);
    expect(await secrets.list()).toEqual([]);
  });

  it('deletes at once and has nothing to recover', async () => {
    const { secrets } = setup();
    await secrets.set('db/password', 'a');
    await secrets.delete('db/password');
    expect(await rejection(secrets.get('db/password'))).toBeInstanceOf(SecretNotFoundError);
    expect(await rejection(secrets.recover('db/password'))).toBeInstanceOf(StateError);
    expect(await rejection(secrets.purge('db/password'))).toBeInstanceOf(SecretNotFoundError);
  });

  it('loses no write when many writers race on one Secret', async () => {
    const { secrets } = setup();
    await Promise.all(Array.from({ length: 4 }, (_, i) => secrets.set(`db/key-${i}`, `v${i}`)));
    const values = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => (await secrets.get(`db/key-${i}`)).value),
    );
    expect(values).toEqual(['v0', 'v1', 'v2', 'v3']);
  });

  it.each([
    '../db/password',
    'db/../password',
    'db/..',
    'db',
    'db/a/b',
    'DB/x',
    'db/',
    '/x',
    'db/a b',
  ])('rejects the name %j', async (name) => {
    const { secrets } = setup();
    const error = await rejection(secrets.get(name));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^name .* is not a Kubernetes secret name$/);
  });

  it('refuses a huge value without echoing it', async () => {
    const { secrets } = setup();
    const error = await rejection(secrets.set('db/blob', `CANARY${'x'.repeat(70_000)}`));
    expect(error.message).not.toContain('CANARY');
  });

  it('parses names', () => {
    expect(parseKubeSecretName('my.tls/tls.crt')).toEqual({ secret: 'my.tls', key: 'tls.crt' });
  });
});
