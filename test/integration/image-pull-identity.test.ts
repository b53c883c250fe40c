import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuthStore } from '../../src/auth/index.js';
import { inRegistry, pauseImage } from '../../src/cluster/base-images.js';
import { registryIdentityAddress, registryTokenAuth } from '../../src/cluster/network.js';
import { registryTokenKeyFiles } from '../../src/cluster/pki.js';
import { runCommand, tryCommand } from '../../src/exec/index.js';
import { SlipwayIssuer } from '../../src/identity/index.js';
import { imagePush } from '../../src/pipeline/steps/image-push.js';
import { testContext } from '../../src/pipeline/steps/testing-context.js';
import { runTokenMinter } from '../../src/server/run-token-wiring.js';
import { startSlipway, type RunningSlipway } from '../../src/server/up.js';
import { kubectl, layout, tools, useNamespace, waitFor } from './support/cluster.js';

// Image pulls by identity on the real node: the identity registry (127.0.0.1:5001) answers only
// to tokens from Slipway's token service; the kubelet gets a pod's pull credential from
// `slipway credential-provider`, which exchanges the pod's own service-account token. Nothing
// here stores a pull secret.

type PodState = { phase: string; waiting: string | undefined };
type KubeEvent = { reason: string; message: string; type: string };

const manifestTypes =
  'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

describe('image pulls by identity', () => {
  const ns = useNamespace('image-pull-id');
  const stateDir = mkdtempSync(join(tmpdir(), 'slipway-image-pull-'));
  const policiesFile = join(stateDir, 'registry-policies.yaml');
  const logs: string[] = [];
  let slipway: RunningSlipway | undefined;
  let apiToken = '';
  // A repository of this run's own, so an earlier run's pushes and node copies prove nothing.
  const repository = (): string => `${ns.name}/app`;
  const image = (): string => `${registryIdentityAddress}/${repository()}:1`;

  const writePolicies = (extra: object[] = []): void =>
    writeFileSync(
      policiesFile,
      stringify([
        { identity: 'user:admin', repositories: '*', actions: ['pull', 'push'] },
        {
          identity: `system:serviceaccount:${ns.name}:puller`,
          repositories: `${ns.name}/*`,
          actions: ['pull'],
        },
        // A push reads what is there first (HEAD of blobs and manifests): it needs pull too.
        {
          identity: 'pipeline:cats/cat-app:*',
          repositories: `${ns.name}/built`,
          actions: ['pull', 'push'],
        },
        ...extra,
      ]),
    );

  beforeAll(async () => {
    writePolicies();
    const { keyFile, certificateFile } = registryTokenKeyFiles(layout);
    slipway = await startSlipway({
      stateDir,
      host: '127.0.0.1',
      port: 0,
      namespaces: [ns.name],
      log: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
      uiDir: join(stateDir, 'no-ui'),
      registryAuth: { policiesFile, signingKeyFile: keyFile, certificateFile },
    });
    const auth = openAuthStore(slipway.databaseFile);
    apiToken = (await auth.authenticator.createToken('admin', 'image-push')).secret;
    auth.close();
    for (const account of ['puller', 'intruder']) {
      await kubectl(['-n', ns.name, 'create', 'serviceaccount', account]);
    }
  });
  afterAll(async () => {
    await slipway?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  const pod = (name: string, serviceAccount: string, pullPolicy: string): string =>
    stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns.name },
      spec: {
        serviceAccountName: serviceAccount,
        automountServiceAccountToken: false,
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'main', image: image(), imagePullPolicy: pullPolicy }],
      },
    });

  async function podState(name: string): Promise<PodState> {
    const json = JSON.parse(await kubectl(['-n', ns.name, 'get', 'pod', name, '-o', 'json'])) as {
      status: {
        phase: string;
        containerStatuses?: { state: { waiting?: { reason: string } } }[];
      };
    };
    return {
      phase: json.status.phase,
      waiting: json.status.containerStatuses?.[0]?.state.waiting?.reason,
    };
  }

  async function podEvents(name: string): Promise<KubeEvent[]> {
    const list = JSON.parse(
      await kubectl([
        '-n',
        ns.name,
        'get',
        'events',
        '--field-selector',
        `involvedObject.name=${name}`,
        '-o',
        'json',
      ]),
    ) as { items: KubeEvent[] };
    return list.items;
  }

  async function tokenFor(scope: string, basic?: string): Promise<Response> {
    const query = new URLSearchParams({ service: registryTokenAuth.service, scope });
    return fetch(`${registryTokenAuth.realm}?${query.toString()}`, {
      headers: basic === undefined ? {} : { authorization: `Basic ${basic}` },
    });
  }

  const manifest = (bearer?: string): Promise<Response> =>
    fetch(`http://${registryIdentityAddress}/v2/${repository()}/manifests/1`, {
      headers: {
        accept: manifestTypes,
        ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }),
      },
    });

  it('a Slipway API token whose user may push copies an image in (no stored registry secret)', async () => {
    // skopeo reads the credential from an auth file (0600), not from its command line.
    const authFile = join(stateDir, 'auth.json');
    const basic = Buffer.from(`admin:${apiToken}`).toString('base64');
    writeFileSync(
      authFile,
      JSON.stringify({ auths: { [registryIdentityAddress]: { auth: basic } } }),
      {
        mode: 0o600,
      },
    );
    await runCommand('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--dest-tls-verify=false',
      '--dest-authfile',
      authFile,
      `docker://${inRegistry(pauseImage(tools))}`,
      `docker://${image()}`,
    ]);
    rmSync(authFile);
    const answer = await tokenFor(`repository:${repository()}:pull`, basic);
    expect(answer.status).toBe(200);
    const { token } = (await answer.json()) as { token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
      aud: string;
      access: unknown;
    };
    expect(claims).toMatchObject({
      sub: 'user:admin',
      aud: 'slipway-registry',
      access: [{ type: 'repository', name: repository(), actions: ['pull'] }],
    });
    expect((await manifest(token)).status).toBe(200);
  });

  it('refuses anonymous pulls, and credentials that do not verify', async () => {
    const bare = await manifest();
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe(
      `Bearer realm="${registryTokenAuth.realm}",service="slipway-registry",scope="repository:${repository()}:pull"`,
    );
    // The token service answers an anonymous request, but grants it nothing.
    const anonymous = await tokenFor(`repository:${repository()}:pull`);
    expect(anonymous.status).toBe(200);
    const { token } = (await anonymous.json()) as { token: string };
    const refused = await manifest(token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    // What a user sees from a client.
    const inspect = await tryCommand('skopeo', [
      'inspect',
      '--tls-verify=false',
      `docker://${image()}`,
    ]);
    expect(inspect.code).not.toBe(0);
    expect(inspect.stderr).toMatch(/denied|unauthorized/);
    // A made-up API token is refused at the token service itself.
    const forged = await tokenFor(
      `repository:${repository()}:pull`,
      Buffer.from('admin:slw_not-a-real-token').toString('base64'),
    );
    expect(forged.status).toBe(401);
    expect(await forged.text()).toContain('the API token is unknown, revoked or expired');
  });

  it('a pod whose ServiceAccount may pull starts Running', async () => {
    await kubectl(['apply', '-f', '-'], pod('allowed', 'puller', 'Always'));
    await kubectl([
      '-n',
      ns.name,
      'wait',
      '--for=condition=Ready',
      'pod/allowed',
      '--timeout=120s',
    ]);
    // The kubelet asked the credential provider, which exchanged this pod's own token.
    const issued = logs.filter((l) => l.includes('issued a registry credential'));
    expect(issued.join('\n')).toContain(`"principal":"system:serviceaccount:${ns.name}:puller"`);
    expect(issued.join('\n')).toContain('"pod":"allowed"');
    const events = await podEvents('allowed');
    expect(events.map((e) => e.reason)).toContain('Pulled');
  });

  it('a pod whose ServiceAccount may not gets ErrImagePull and an event naming the fix, even with the image on the node', async () => {
    // IfNotPresent, and the image is already on the node from the pod above: the kubelet must
    // still check this pod's own credentials (KubeletEnsureSecretPulledImages).
    await kubectl(['apply', '-f', '-'], pod('denied', 'intruder', 'IfNotPresent'));
    const state = await waitFor('the denied pod to fail its pull', 120_000, async () => {
      const s = await podState('denied');
      return s.waiting === 'ErrImagePull' || s.waiting === 'ImagePullBackOff' ? s : undefined;
    });
    expect(state.phase).toBe('Pending');
    const events = await waitFor('both events', 60_000, async () => {
      const all = await podEvents('denied');
      const ours = all.find((e) => e.reason === 'ImagePullDenied');
      const kubelets = all.find(
        (e) => e.reason === 'Failed' && e.message.includes('insufficient_scope'),
      );
      return ours !== undefined && kubelets !== undefined ? { ours, kubelets } : undefined;
    });
    expect(events.ours.type).toBe('Warning');
    expect(events.ours.message).toBe(
      `ServiceAccount ${ns.name}/intruder may not pull repository ${repository()} on ${registryIdentityAddress}: no registry policy grants it; to allow it, add {identity: "system:serviceaccount:${ns.name}:intruder", repositories: "${repository()}", actions: [pull]} to ${policiesFile}`,
    );
    expect(events.kubelets.message).toContain(`Failed to pull image "${image()}"`);
    expect((await podState('allowed')).phase).toBe('Running');
  });

  it("the pipelines' image-push step pushes with the run's own token, and only where its policy lets it", async () => {
    // The run's token comes from Slipway's own issuer: the same key file in Slipway's state.
    const minter = runTokenMinter();
    minter.useIssuer(await SlipwayIssuer.open({ issuerUrl: slipway?.url ?? '', stateDir }));
    const local = pauseImage(tools).localName;
    const pushes = [
      `${registryIdentityAddress}/${ns.name}/built:1`,
      `${registryIdentityAddress}/${ns.name}/other:1`,
    ];
    for (const target of pushes) await runCommand('buildah', ['tag', local, target]);
    try {
      const results = [];
      for (const target of pushes) {
        const context = testContext(stateDir, { image: target });
        const run = {
          ...context.run,
          identityToken: (audience: string) =>
            minter.identityToken({
              runId: 'run-1',
              repo: 'https://git.example/cats/cat-app.git',
              pipeline: 'release',
              event: context.run.event,
              audience,
            }),
        };
        results.push({ result: await imagePush({ ...context, run }), lines: context.lines });
      }
      const [allowed, refused] = results;
      expect(allowed?.result.outcome).toBe('success');
      expect(allowed?.result.outputs?.['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(allowed?.lines.join('\n')).toContain(
        "authenticating to 127.0.0.1:5001 as pipeline:cats/cat-app:release with the run's own token",
      );
      expect(refused?.result.outcome).toBe('failure');
      expect(refused?.result.message).toMatch(
        new RegExp(
          `^push to 127\\.0\\.0\\.1:5001 failed: .*\\(a registry policy must grant pull and push on ${ns.name}/other to pipeline:cats/cat-app:release\\)$`,
        ),
      );
      expect(logs.join('\n')).toContain('"principal":"pipeline:cats/cat-app:release"');
    } finally {
      for (const target of pushes) await tryCommand('buildah', ['rmi', target]);
    }
  });

  it('the policy file change the event names lets the next pod pull, without a restart', async () => {
    writePolicies([
      {
        identity: `system:serviceaccount:${ns.name}:intruder`,
        repositories: repository(),
        actions: ['pull'],
      },
    ]);
    await kubectl(['apply', '-f', '-'], pod('granted-later', 'intruder', 'IfNotPresent'));
    await kubectl([
      '-n',
      ns.name,
      'wait',
      '--for=condition=Ready',
      'pod/granted-later',
      '--timeout=120s',
    ]);
    expect(logs.join('\n')).toContain('registry policies reloaded');
  });
});
