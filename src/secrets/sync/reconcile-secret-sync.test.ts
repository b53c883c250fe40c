import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SecretSyncSpecInput, SecretSyncStatus } from '../../config/secret-sync.js';
import { PreconditionError } from '../../errors/index.js';
import type { KubeObject } from '../../kube/index.js';
import { createKek, openBuiltinSecretStore, type BuiltinSecretStore } from '../builtin/index.js';
import type { SecretProvider } from '../secret-types.js';
import type { SecretSyncObject } from './desired-secret.js';
import {
  reconcileSecretSync,
  retryAfterFailureMs,
  type SecretSyncDeps,
} from './reconcile-secret-sync.js';
import type { SecretSyncEventType, SecretSyncKube } from './secret-sync-kube.js';

const marker = 'sk_live_CANARY_b41c_do-not-leak';

/** The Kubernetes API as the reconcile sees it: Secrets by name, status and events recorded. */
class FakeKube implements SecretSyncKube {
  readonly secrets = new Map<string, KubeObject>();
  readonly statuses: SecretSyncStatus[] = [];
  readonly events: { type: SecretSyncEventType; reason: string; message: string }[] = [];
  applies = 0;
  failApply: Error | undefined;
  failEvents = false;
  private revision = 1;

  getSecret(namespace: string, name: string): Promise<KubeObject | undefined> {
    const found = this.secrets.get(`${namespace}/${name}`);
    return Promise.resolve(found === undefined ? undefined : structuredClone(found));
  }

  applySecret(secret: KubeObject): Promise<void> {
    if (this.failApply) return Promise.reject(this.failApply);
    this.applies += 1;
    const stored = structuredClone(secret);
    stored.metadata.resourceVersion = String(++this.revision);
    this.secrets.set(`${secret.metadata.namespace}/${secret.metadata.name}`, stored);
    return Promise.resolve();
  }

  writeStatus(_ns: string, _name: string, status: SecretSyncStatus): Promise<undefined> {
    this.statuses.push(structuredClone(status));
    return Promise.resolve(undefined);
  }

  recordEvent(
    _sync: KubeObject,
    type: SecretSyncEventType,
    reason: string,
    message: string,
  ): Promise<void> {
    if (this.failEvents) return Promise.reject(new Error('events are forbidden'));
    this.events.push({ type, reason, message });
    return Promise.resolve();
  }

  get lastStatus(): SecretSyncStatus {
    const status = this.statuses.at(-1);
    if (status === undefined) throw new Error('no status written');
    return status;
  }

  /** Everything the reconcile said outside the Secret itself. */
  get said(): string {
    return JSON.stringify({ statuses: this.statuses, events: this.events });
  }

  data(name: string): Record<string, string> {
    const data = (this.secrets.get(`shop/${name}`)?.['data'] ?? {}) as Record<string, string>;
    return Object.fromEntries(
      Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
    );
  }
}

const opened: BuiltinSecretStore[] = [];
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
});

function builtinStore(): BuiltinSecretStore {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-secret-sync-'));
  const kekFile = join(dir, 'kek', 'secrets.kek');
  createKek(kekFile);
  const store = openBuiltinSecretStore({ databaseFile: join(dir, 'slipway.db'), kekFile });
  opened.push(store);
  return store;
}

const spec = (overrides: Partial<SecretSyncSpecInput> = {}): SecretSyncSpecInput => ({
  secretStoreRef: { project: 'shop' },
  refreshInterval: '10s',
  target: { name: 'cat-api' },
  data: [{ secretKey: 'key', remoteRef: { key: 'cat-api-key' } }],
  ...overrides,
});

/** A SecretSync as the informer hands it over, with the status the last reconcile wrote. */
function syncObject(
  specInput: unknown,
  status?: SecretSyncStatus,
  generation = 1,
): SecretSyncObject {
  return {
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'SecretSync',
    metadata: { name: 'cat-api', namespace: 'shop', uid: 'uid-1', generation },
    spec: specInput,
    ...(status ? { status } : {}),
  };
}

function setup(provider?: (project: string) => SecretProvider): {
  kube: FakeKube;
  deps: SecretSyncDeps;
  store: BuiltinSecretStore;
} {
  const kube = new FakeKube();
  const store = builtinStore();
  const deps: SecretSyncDeps = {
    kube,
    providerFor: provider ?? ((project) => store.provider(project)),
    now: () => new Date('2025-05-01T12:00:00Z'),
  };
  return { kube, deps, store };
}

describe('reconcileSecretSync', () => {
  it('creates the Secret with the newest version, owned and labelled, and records the version', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', `${marker}-v1`);
    const result = await reconcileSecretSync(deps, syncObject(spec()));
    expect(result).toEqual({ wrote: true, ready: true, requeueAfterMs: 10_000 });
    expect(kube.data('cat-api')).toEqual({ key: `${marker}-v1` });
    const secret = kube.secrets.get('shop/cat-api');
    expect(secret?.metadata.labels).toEqual({ 'slipway.dev/managed': 'true' });
    expect(secret?.['type']).toBe('Opaque');
    expect(secret?.metadata['ownerReferences']).toEqual([
      expect.objectContaining({
        kind: 'SecretSync',
        name: 'cat-api',
        uid: 'uid-1',
        controller: true,
      }),
    ]);
    expect(kube.lastStatus).toMatchObject({
      syncedVersions: { key: '1' },
      refreshTime: '2025-05-01T12:00:00.000Z',
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }],
    });
    expect(kube.events).toHaveLength(1);
    expect(kube.events[0]).toMatchObject({ type: 'Normal', reason: 'Created' });
    expect(kube.events[0]?.message).toContain('key@1');
    expect(kube.said).not.toContain(marker);
  });

  it('writes only when a version changed: a refresh with nothing new leaves the Secret alone', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', `${marker}-v1`);
    await reconcileSecretSync(deps, syncObject(spec()));
    const again = await reconcileSecretSync(deps, syncObject(spec(), kube.lastStatus));
    expect(again.wrote).toBe(false);
    expect(kube.applies).toBe(1);
    expect(kube.lastStatus.conditions[0]?.status).toBe('True');

    await store.provider('shop').set('cat-api-key', `${marker}-v2`);
    const rotated = await reconcileSecretSync(deps, syncObject(spec(), kube.lastStatus));
    expect(rotated.wrote).toBe(true);
    expect(kube.data('cat-api')).toEqual({ key: `${marker}-v2` });
    expect(kube.lastStatus.syncedVersions).toEqual({ key: '2' });
    expect(kube.events.at(-1)).toMatchObject({ reason: 'Updated' });
    expect(kube.said).not.toContain(marker);
  });

  it('follows a pinned version, and puts back a Secret edited by hand', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', 'one');
    await store.provider('shop').set('cat-api-key', 'two');
    const pinned = spec({
      data: [{ secretKey: 'key', remoteRef: { key: 'cat-api-key', version: '1' } }],
    });
    await reconcileSecretSync(deps, syncObject(pinned));
    expect(kube.data('cat-api')).toEqual({ key: 'one' });
    const secret = kube.secrets.get('shop/cat-api');
    if (secret) secret['data'] = { key: Buffer.from('edited').toString('base64'), extra: 'eA==' };
    const result = await reconcileSecretSync(deps, syncObject(pinned, kube.lastStatus));
    expect(result.wrote).toBe(true);
    expect(kube.data('cat-api')).toEqual({ key: 'one' });
  });

  it('names a missing remote key, never a value, keeps the last data and retries', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', `${marker}-v1`);
    await reconcileSecretSync(deps, syncObject(spec()));
    const twoKeys = spec({
      data: [
        { secretKey: 'key', remoteRef: { key: 'cat-api-key' } },
        { secretKey: 'other', remoteRef: { key: 'not-there' } },
      ],
    });
    const result = await reconcileSecretSync(deps, syncObject(twoKeys, kube.lastStatus, 2));
    expect(result).toEqual({ wrote: false, ready: false, requeueAfterMs: 10_000 });
    const ready = kube.lastStatus.conditions[0];
    expect(ready).toMatchObject({ status: 'False', reason: 'RemoteKeyMissing' });
    expect(ready?.message).toContain(
      'data[1].remoteRef.key: secret not-there not found in project shop',
    );
    expect(kube.lastStatus.syncedVersions).toEqual({ key: '1' });
    expect(kube.lastStatus.observedGeneration).toBe(2);
    expect(kube.data('cat-api')).toEqual({ key: `${marker}-v1` });
    expect(kube.events.at(-1)).toMatchObject({ type: 'Warning', reason: 'RemoteKeyMissing' });
    expect(kube.said).not.toContain(marker);

    // The same failure again: status refreshed, no second event.
    await reconcileSecretSync(deps, syncObject(twoKeys, kube.lastStatus, 2));
    expect(kube.events.filter((e) => e.type === 'Warning')).toHaveLength(1);
    expect(kube.lastStatus.conditions[0]?.lastTransitionTime).toBe(ready?.lastTransitionTime);
  });

  it('says a soft-deleted key is deleted', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', 'v');
    await store.provider('shop').delete('cat-api-key');
    await reconcileSecretSync(deps, syncObject(spec()));
    expect(kube.lastStatus.conditions[0]?.message).toContain('secret cat-api-key is deleted');
    expect(kube.secrets.size).toBe(0);
  });

  it('refuses to take over a Secret another tool owns', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', 'v');
    kube.secrets.set('shop/cat-api', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'cat-api', namespace: 'shop' },
      data: { theirs: 'eA==' },
    });
    const result = await reconcileSecretSync(deps, syncObject(spec()));
    expect(result.ready).toBe(false);
    expect(kube.lastStatus.conditions[0]).toMatchObject({ reason: 'SecretNotOwned' });
    expect(kube.applies).toBe(0);
  });

  it.each<[string, unknown, RegExp]>([
    ['no data', { ...spec(), data: [] }, /data: Array must contain at least 1/],
    [
      'a key twice',
      {
        ...spec(),
        data: [
          { secretKey: 'k', remoteRef: { key: 'a' } },
          { secretKey: 'k', remoteRef: { key: 'b' } },
        ],
      },
      /data\.1\.secretKey: "k" appears twice/,
    ],
    [
      'a bad interval',
      { ...spec(), refreshInterval: 'soon' },
      /spec\.refreshInterval: "soon" is not a duration/,
    ],
    [
      'a bad target',
      { ...spec(), target: { name: 'Not_A_Name' } },
      /target\.name: must be a DNS subdomain/,
    ],
  ])('reports an invalid spec (%s) and waits for an edit', async (_case, input, message) => {
    const { kube, deps } = setup();
    const result = await reconcileSecretSync(deps, syncObject(input));
    expect(result).toEqual({ wrote: false, ready: false });
    expect(kube.lastStatus.conditions[0]).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(kube.lastStatus.conditions[0]?.message).toMatch(/^SecretSync shop\/cat-api: /);
    expect(kube.lastStatus.conditions[0]?.message).toMatch(message);
  });

  it('reports a store that cannot open (no KEK) and retries within 30 s even with refresh 0', async () => {
    const { kube, deps } = setup(() => {
      throw new PreconditionError('SLIPWAY_SECRETS_KEK_FILE is not set');
    });
    const result = await reconcileSecretSync(deps, syncObject(spec({ refreshInterval: 0 })));
    expect(result).toEqual({ wrote: false, ready: false, requeueAfterMs: retryAfterFailureMs });
    expect(kube.lastStatus.conditions[0]).toMatchObject({ reason: 'StoreUnavailable' });
    expect(kube.lastStatus.conditions[0]?.message).toContain('SLIPWAY_SECRETS_KEK_FILE');
  });

  it('reports a Secret the API refuses, and keeps syncing when events are forbidden', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', `${marker}`);
    kube.failEvents = true;
    kube.failApply = new Error('Secret "cat-api" is invalid: type: field is immutable');
    const result = await reconcileSecretSync(deps, syncObject(spec()));
    expect(result.ready).toBe(false);
    expect(kube.lastStatus.conditions[0]).toMatchObject({ reason: 'SecretWriteFailed' });
    kube.failApply = undefined;
    const retried = await reconcileSecretSync(deps, syncObject(spec(), kube.lastStatus));
    expect(retried).toMatchObject({ ready: true, wrote: true });
    expect(kube.said).not.toContain(marker);
  });

  it('carries target labels, annotations and type; a refresh interval of 0 syncs once', async () => {
    const { kube, deps, store } = setup();
    await store.provider('shop').set('cat-api-key', 'v');
    const result = await reconcileSecretSync(
      deps,
      syncObject(
        spec({
          refreshInterval: 0,
          target: {
            name: 'cat-api',
            type: 'kubernetes.io/basic-auth',
            labels: { app: 'cat', 'slipway.dev/managed': 'no' },
            annotations: { note: 'synced' },
          },
        }),
      ),
    );
    expect(result).toEqual({ wrote: true, ready: true });
    const secret = kube.secrets.get('shop/cat-api');
    expect(secret?.['type']).toBe('kubernetes.io/basic-auth');
    expect(secret?.metadata.labels).toEqual({ app: 'cat', 'slipway.dev/managed': 'true' });
    expect(secret?.metadata.annotations).toEqual({ note: 'synced' });
  });
});
