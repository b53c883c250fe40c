import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { inRegistry, pythonBaseImage } from '../../src/cluster/index.js';
import type { SecretSyncStatus } from '../../src/config/secret-sync.js';
import { installSlipway } from '../../src/gitops/index.js';
import { KubeRest, ObjectClient } from '../../src/kube/index.js';
import {
  createKek,
  openBuiltinSecretStore,
  type BuiltinSecretStore,
} from '../../src/secrets/builtin/index.js';
import { SecretSyncController } from '../../src/secrets/sync/index.js';
import { kubectl, tools, useNamespace, waitFor } from './support/cluster.js';

// SecretSync on the real cluster: the built-in store (with a KEK of its own) feeds a Secret that
// a running pod mounts; a rotated value reaches the pod's file without a restart, and a missing
// key is named in status while no value appears in status, events or the controller's logs.

type SecretObject = {
  metadata: { resourceVersion: string; labels?: Record<string, string> };
  data?: Record<string, string>;
};
type SyncObject = { metadata: { generation: number }; status?: SecretSyncStatus };

describe('SecretSync', () => {
  const ns = useNamespace('secret-sync');
  const project = 'cat-app';
  const run = randomBytes(4).toString('hex');
  const values = { v1: `cat-key-v1-${run}`, v2: `cat-key-v2-${run}` };
  const logs: string[] = [];
  let store: BuiltinSecretStore;
  let controller: SecretSyncController | undefined;

  beforeAll(async () => {
    const client = new ObjectClient(KubeRest.fromConnection());
    await installSlipway(client);
    const dir = mkdtempSync(join(tmpdir(), 'slipway-secret-sync-'));
    const kekFile = join(dir, 'kek', 'secrets.kek');
    createKek(kekFile);
    store = openBuiltinSecretStore({ databaseFile: join(dir, 'state', 'slipway.db'), kekFile });
    controller = new SecretSyncController(client, {
      namespaces: [ns.name],
      providerFor: (p) => store.provider(p),
      log: pino({ level: 'debug' }, { write: (line: string) => logs.push(line) }),
    });
    controller.start();
  });
  afterAll(() => {
    controller?.stop();
    store.close();
  });

  const getJson = async <T>(kind: string, name: string): Promise<T> =>
    JSON.parse(await kubectl(['-n', ns.name, 'get', kind, name, '-o', 'json'])) as T;
  const secretValue = async (name: string): Promise<string | undefined> => {
    const secret = await getJson<SecretObject>('secret', name);
    const data = secret.data?.['key'];
    return data === undefined ? undefined : Buffer.from(data, 'base64').toString('utf8');
  };
  const readyOf = (sync: SyncObject): SecretSyncStatus['conditions'][number] | undefined =>
    sync.status?.conditions.find((c) => c.type === 'Ready');

  const secretSync = (data: { secretKey: string; remoteRef: { key: string } }[]): string =>
    stringify({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'SecretSync',
      metadata: { name: 'cat-api', namespace: ns.name },
      spec: {
        secretStoreRef: { project },
        refreshInterval: '1s',
        target: { name: 'cat-api', labels: { app: 'cat-app' } },
        data,
      },
    });
  const keyOnly = [{ secretKey: 'key', remoteRef: { key: 'cat-api-key' } }];

  it('creates the Secret from the store, with the version in status', async () => {
    await store.provider(project).set('cat-api-key', values.v1);
    await kubectl(['apply', '-f', '-'], secretSync(keyOnly));
    await waitFor('the Secret with v1', 30_000, async () =>
      (await secretValue('cat-api').catch(() => undefined)) === values.v1 ? true : undefined,
    );
    const secret = await getJson<SecretObject>('secret', 'cat-api');
    expect(secret.metadata.labels).toEqual({ app: 'cat-app', 'slipway.dev/managed': 'true' });
    const sync = await waitFor('Ready', 30_000, async () => {
      const s = await getJson<SyncObject>('secretsyncs.slipway.dev', 'cat-api');
      return readyOf(s)?.status === 'True' ? s : undefined;
    });
    expect(sync.status?.syncedVersions).toEqual({ key: '1' });
    expect(sync.status?.observedGeneration).toBe(sync.metadata.generation);
  });

  it('refreshes every second without rewriting an unchanged Secret', async () => {
    const before = await getJson<SecretObject>('secret', 'cat-api');
    const first = (await getJson<SyncObject>('secretsyncs.slipway.dev', 'cat-api')).status;
    await new Promise((r) => setTimeout(r, 3500));
    const after = await getJson<SecretObject>('secret', 'cat-api');
    const later = (await getJson<SyncObject>('secretsyncs.slipway.dev', 'cat-api')).status;
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(Date.parse(later?.refreshTime ?? '')).toBeGreaterThan(
      Date.parse(first?.refreshTime ?? ''),
    );
  });

  it('a rotated value reaches a running pod through its mounted Secret, without a restart', async () => {
    const image = inRegistry(pythonBaseImage(tools));
    await kubectl(
      ['apply', '-f', '-'],
      stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'reader', namespace: ns.name },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 0,
          containers: [
            {
              name: 'main',
              image,
              command: ['sh', '-c', 'while true; do cat /secrets/key; echo; sleep 1; done'],
              volumeMounts: [{ name: 'cat-api', mountPath: '/secrets', readOnly: true }],
            },
          ],
          volumes: [{ name: 'cat-api', secret: { secretName: 'cat-api' } }],
        },
      }),
    );
    const logsOfReader = (): Promise<string> =>
      kubectl(['-n', ns.name, 'logs', 'reader', '--tail=5']);
    await waitFor('the pod to print v1', 120_000, async () =>
      (await logsOfReader()).includes(values.v1) ? true : undefined,
    );
    const pod = await getJson<{ metadata: { uid: string } }>('pod', 'reader');

    await store.provider(project).set('cat-api-key', values.v2);
    await waitFor('the Secret with v2', 30_000, async () =>
      (await secretValue('cat-api')) === values.v2 ? true : undefined,
    );
    // The kubelet refreshes mounted Secrets on its sync period plus its cache TTL (~1–2 min).
    await waitFor('the pod to print v2', 150_000, async () =>
      (await logsOfReader()).includes(values.v2) ? true : undefined,
    );
    const same = await getJson<{
      metadata: { uid: string };
      status: { containerStatuses: { restartCount: number }[] };
    }>('pod', 'reader');
    expect(same.metadata.uid).toBe(pod.metadata.uid);
    expect(same.status.containerStatuses[0]?.restartCount).toBe(0);
    const sync = await getJson<SyncObject>('secretsyncs.slipway.dev', 'cat-api');
    expect(sync.status?.syncedVersions).toEqual({ key: '2' });
  }, 300_000);

  it('puts back a deleted Secret', async () => {
    await kubectl(['-n', ns.name, 'delete', 'secret', 'cat-api']);
    await waitFor('the Secret to come back', 30_000, async () =>
      (await secretValue('cat-api').catch(() => undefined)) === values.v2 ? true : undefined,
    );
  });

  it('a missing key: Ready False naming it, the Secret kept, no value in status, events or logs', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      secretSync([...keyOnly, { secretKey: 'other', remoteRef: { key: 'no-such-key' } }]),
    );
    const sync = await waitFor('Ready False', 30_000, async () => {
      const s = await getJson<SyncObject>('secretsyncs.slipway.dev', 'cat-api');
      return readyOf(s)?.status === 'False' && s.status?.observedGeneration === 2 ? s : undefined;
    });
    expect(readyOf(sync)).toMatchObject({ reason: 'RemoteKeyMissing' });
    expect(readyOf(sync)?.message).toContain('no-such-key');
    expect(await secretValue('cat-api')).toBe(values.v2);

    const events = await kubectl(['-n', ns.name, 'get', 'events', '-o', 'json']);
    expect(events).toContain('RemoteKeyMissing');
    expect(events).toContain('key@2');
    const status = JSON.stringify(sync.status);
    const base64 = Object.values(values).map((v) => Buffer.from(v).toString('base64'));
    for (const leak of [...Object.values(values), ...base64]) {
      expect(status).not.toContain(leak);
      expect(events).not.toContain(leak);
      expect(logs.join('\n')).not.toContain(leak);
    }
    expect(logs.join('\n')).toContain('secret sync reconciled');
  });
});
