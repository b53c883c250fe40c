import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNetwork, inRegistry, pythonBaseImage } from '../../src/cluster/index.js';
import { pauseImage } from '../../src/cluster/base-images.js';
import {
  applyWorkloadIdentityPatch,
  workloadIdentityPodPatch,
  workloadIdentityTokenFile,
} from '../../src/identity/index.js';
import { startSlipway, type RunningSlipway } from '../../src/server/up.js';
import { kubectl, tools, useNamespace, waitFor } from './support/cluster.js';

// The workload-identity admission webhook on the real API server: `slipway up --admission`
// registers a MutatingWebhookConfiguration pointing at its own HTTPS listener, and pods of an
// identity-annotated ServiceAccount, created with no token fields at all, come up with the
// projected token and can exchange it at Slipway's token endpoint from inside the pod.

type EnvVar = { name: string; value?: string };
type Container = { name: string; env?: EnvVar[]; volumeMounts?: { name: string }[] };
type PodJson = {
  spec: {
    volumes?: Record<string, unknown>[];
    containers: Container[];
    initContainers?: Container[];
  };
};

const volumeName = 'slipway-identity-token';
const webhookConfiguration = 'mutatingwebhookconfiguration/slipway-workload-identity';

// Run inside the pod: the exchange a workload makes, with only what admission gave it.
const exchangeScript = `
import json, os, urllib.error, urllib.parse, urllib.request
token = open(os.environ["SLIPWAY_IDENTITY_TOKEN_FILE"]).read().strip()
form = urllib.parse.urlencode({
    "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange",
    "subject_token": token,
    "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
}).encode()
try:
    answer = urllib.request.urlopen(urllib.request.Request(os.environ["SLIPWAY_TOKEN_URL"], data=form), timeout=20)
    print(json.dumps({"status": answer.status, "body": json.loads(answer.read())}))
except urllib.error.HTTPError as refused:
    print(json.dumps({"status": refused.code, "body": json.loads(refused.read())}))
`;

describe('workload identity by admission', () => {
  const ns = useNamespace('admission-id');
  const stateDir = mkdtempSync(join(tmpdir(), 'slipway-admission-'));
  const python = inRegistry(pythonBaseImage(tools));
  const pause = inRegistry(pauseImage(tools));
  const logs: string[] = [];
  let slipway: RunningSlipway | undefined;

  const pod = (name: string, account: string, spec: Record<string, unknown> = {}, labels = {}) =>
    stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns.name, labels },
      spec: {
        serviceAccountName: account,
        automountServiceAccountToken: false,
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'main', image: pause }],
        ...spec,
      },
    });

  const podJson = async (name: string): Promise<PodJson> =>
    JSON.parse(await kubectl(['-n', ns.name, 'get', 'pod', name, '-o', 'json'])) as PodJson;

  const slipwayFields = (spec: PodJson['spec']) => ({
    volumes: (spec.volumes ?? []).filter((v) => v['name'] === volumeName).length,
    containers: [...(spec.initContainers ?? []), ...spec.containers].map((c) => ({
      mounts: (c.volumeMounts ?? []).filter((m) => m.name === volumeName).length,
      env: (c.env ?? []).filter((e) => e.name.startsWith('SLIPWAY_')).map((e) => e.name),
    })),
  });

  beforeAll(async () => {
    // Listening on the pod bridge's gateway: the address pods reach the host at.
    slipway = await startSlipway({
      stateDir,
      host: clusterNetwork.podGateway,
      port: 0,
      namespaces: [ns.name],
      log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
      uiDir: join(stateDir, 'no-ui'),
      admission: {},
    });
    await kubectl(
      ['apply', '-f', '-'],
      stringify({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'app',
          namespace: ns.name,
          annotations: { 'slipway.dev/identity': 'cat-app' },
        },
      }),
    );
    await kubectl(['-n', ns.name, 'create', 'serviceaccount', 'plain']);
    // The API server picks up a new webhook configuration a moment after it is written.
    await waitFor('the API server to call the webhook', 30_000, async () => {
      const dryRun = await kubectl(
        ['create', '--dry-run=server', '-o', 'json', '-f', '-'],
        pod('probe', 'app'),
      );
      return slipwayFields((JSON.parse(dryRun) as PodJson).spec).volumes === 1 ? true : undefined;
    });
  });
  afterAll(async () => {
    await slipway?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('registers the webhook for pod creations in its namespaces, failing open', async () => {
    const config = JSON.parse(await kubectl(['get', webhookConfiguration, '-o', 'json'])) as {
      webhooks: Record<string, unknown>[];
    };
    expect(config.webhooks).toHaveLength(1);
    expect(config.webhooks[0]).toMatchObject({
      clientConfig: {
        url: expect.stringMatching(
          /^https:\/\/127\.0\.0\.1:\d+\/mutate\/workload-identity$/,
        ) as unknown,
      },
      failurePolicy: 'Ignore',
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      namespaceSelector: {
        matchExpressions: expect.arrayContaining([
          { key: 'kubernetes.io/metadata.name', operator: 'In', values: [ns.name] },
        ]) as unknown,
      },
    });
  });

  it('gives a pod of an annotated ServiceAccount its token, which it exchanges at Slipway', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      pod('injected', 'app', {
        initContainers: [{ name: 'init', image: python, command: ['python3', '-c', 'pass'] }],
        containers: [{ name: 'main', image: python, command: ['sleep', 'infinity'] }],
      }),
    );
    const spec = (await podJson('injected')).spec;
    expect(slipwayFields(spec)).toEqual({
      volumes: 1,
      containers: [
        { mounts: 1, env: ['SLIPWAY_IDENTITY_TOKEN_FILE', 'SLIPWAY_TOKEN_URL'] },
        { mounts: 1, env: ['SLIPWAY_IDENTITY_TOKEN_FILE', 'SLIPWAY_TOKEN_URL'] },
      ],
    });
    expect(spec.volumes?.find((v) => v['name'] === volumeName)).toMatchObject({
      projected: {
        sources: [
          { serviceAccountToken: { audience: 'slipway', expirationSeconds: 3600, path: 'token' } },
        ],
      },
    });
    await kubectl([
      '-n',
      ns.name,
      'wait',
      '--for=condition=Ready',
      'pod/injected',
      '--timeout=120s',
    ]);
    expect(
      (
        await kubectl(['-n', ns.name, 'exec', 'injected', '--', 'printenv', 'SLIPWAY_TOKEN_URL'])
      ).trim(),
    ).toBe(`${slipway!.url}/api/identity/token`);

    const exchanged = JSON.parse(
      await kubectl(['-n', ns.name, 'exec', 'injected', '--', 'python3', '-c', exchangeScript]),
    ) as { status: number; body: Record<string, unknown> };
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const claims = JSON.parse(
      Buffer.from(
        String(exchanged.body['access_token']).split('.')[1] ?? '',
        'base64url',
      ).toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: 'cat-app',
      aud: 'slipway',
      namespace: ns.name,
      pod: 'injected',
    });
    expect(logs.join('\n')).toMatch(/"pod":"injected".*"msg":"workload identity injected"/);
  });

  it('leaves a pod of an unannotated ServiceAccount untouched', async () => {
    await kubectl(['apply', '-f', '-'], pod('plain', 'plain'));
    expect(slipwayFields((await podJson('plain')).spec)).toEqual({
      volumes: 0,
      containers: [{ mounts: 0, env: [] }],
    });
  });

  it('does not patch a pod that already has the fields twice, and keeps its own values', async () => {
    const own = 'http://slipway.internal/api/identity/token';
    const account = {
      metadata: { name: 'app', annotations: { 'slipway.dev/identity': 'cat-app' } },
    };
    const preset = applyWorkloadIdentityPatch(
      { containers: [{ name: 'main', image: pause }] },
      workloadIdentityPodPatch(account, { tokenUrl: own })!,
    );
    await kubectl(['apply', '-f', '-'], pod('preset', 'app', preset));
    const spec = (await podJson('preset')).spec;
    expect(slipwayFields(spec)).toEqual({
      volumes: 1,
      containers: [{ mounts: 1, env: ['SLIPWAY_IDENTITY_TOKEN_FILE', 'SLIPWAY_TOKEN_URL'] }],
    });
    expect(spec.containers[0]?.env).toContainEqual({ name: 'SLIPWAY_TOKEN_URL', value: own });
    expect(spec.containers[0]?.env).toContainEqual({
      name: 'SLIPWAY_IDENTITY_TOKEN_FILE',
      value: workloadIdentityTokenFile,
    });
    expect(logs.join('\n')).not.toMatch(/"pod":"preset".*"msg":"workload identity injected"/);
  });

  it('leaves a pod labelled to opt out untouched', async () => {
    await kubectl(
      ['apply', '-f', '-'],
      pod('opted-out', 'app', {}, { 'slipway.dev/workload-identity': 'disabled' }),
    );
    expect(slipwayFields((await podJson('opted-out')).spec).volumes).toBe(0);
  });

  it('removes its webhook on stop; pods are then created without the token', async () => {
    await slipway?.close();
    expect(
      (await kubectl(['get', webhookConfiguration, '--ignore-not-found', '-o', 'name'])).trim(),
    ).toBe('');
    await kubectl(['apply', '-f', '-'], pod('after-stop', 'app'));
    expect(slipwayFields((await podJson('after-stop')).spec).volumes).toBe(0);
  });
});
