import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createUser, openAuthStore } from '../../src/auth/index.js';
import { installSlipway } from '../../src/gitops/index.js';
import { applicationApiVersion, KubeRest, ObjectClient } from '../../src/kube/index.js';
import { startSlipway, type RunningSlipway } from '../../src/server/up.js';
import { cli } from './support/cli.js';
import { kubectl, useNamespace, waitFor } from './support/cluster.js';
import { deployKwokCanary, isHealthy, startCanary, waitRollout } from './support/rollouts.js';

// `slipway login --server URL`, then the rollout, app and pipeline commands go through the
// server's API with the saved token: against `slipway up` in this process and the real cluster.

const password = 'correct-horse-battery';

describe('the CLI through a Slipway server', () => {
  const ns = useNamespace('cli-remote');
  const stateDir = mkdtempSync(join(tmpdir(), 'slipway-cli-remote-'));
  const adminConfig = join(stateDir, 'admin.json');
  const viewerConfig = join(stateDir, 'viewer.json');
  let slipway: RunningSlipway;

  const as = async (config: string, ...argv: string[]): ReturnType<typeof cli> => {
    process.env['SLIPWAY_CONFIG'] = config;
    return cli(...argv);
  };

  beforeAll(async () => {
    await installSlipway(new ObjectClient(KubeRest.fromConnection()));
    slipway = await startSlipway({
      stateDir,
      host: '127.0.0.1',
      port: 0,
      namespaces: [ns.name],
      log: pino({ level: process.env['SLIPWAY_TEST_LOG'] ?? 'silent' }),
      uiDir: join(stateDir, 'no-ui'),
      heartbeatMs: 1000,
    });
    const auth = openAuthStore(slipway.databaseFile);
    await createUser(auth.db, 'vera', password, [{ role: 'viewer', project: '*' }]);
    auth.close();
    await waitFor('/readyz', 30_000, async () =>
      (await fetch(`${slipway.url}/readyz`)).status === 200 ? true : undefined,
    );
    process.env['SLIPWAY_PASSWORD'] = slipway.adminPassword ?? '';
    const admin = await as(adminConfig, 'login', '--server', slipway.url, '--username', 'admin');
    expect(admin.err).toBe('');
    expect(admin.code).toBe(0);
    process.env['SLIPWAY_PASSWORD'] = password;
    const viewer = await as(viewerConfig, 'login', '--server', slipway.url, '--username', 'vera');
    expect(viewer.code).toBe(0);
  });
  afterAll(async () => {
    delete process.env['SLIPWAY_CONFIG'];
    delete process.env['SLIPWAY_PASSWORD'];
    await slipway?.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('lists, shows and promotes a paused canary; a viewer may not promote', async () => {
    await deployKwokCanary(ns.name, 'shop');
    await startCanary(ns.name, 'shop');

    const listed = await waitFor('the server sees the pause', 30_000, async () => {
      const result = await as(adminConfig, 'rollout', 'list', '-n', ns.name);
      return /shop\s+5\s+.*Paused\s+1\/2\s+20/.test(result.out) ? result : undefined;
    });
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+UP-TO-DATE\s+AVAILABLE\s+PHASE/);

    const shown = await as(adminConfig, 'rollout', 'get', 'shop', '-n', ns.name);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Name:            shop');
    expect(shown.out).toContain('Status:          ॥ Paused');
    expect(shown.out).toMatch(/ReplicaSet\s+canary/);

    const denied = await as(viewerConfig, 'rollout', 'promote', 'shop', '-n', ns.name);
    expect(denied.code).toBe(1);
    expect(denied.err).toMatch(/^error: forbidden: vera may not rollout\.promote/);

    const promoted = await as(adminConfig, 'rollout', 'promote', 'shop', '-n', ns.name);
    expect(promoted.err).toBe('');
    expect(promoted.code).toBe(0);
    expect(promoted.out).toMatch(/^rollout "shop" promoted: /);
    await waitRollout(ns.name, 'shop', 'Healthy on v2', isHealthy);
  });

  it('lists an Application and the (empty) pipeline runs', async () => {
    await kubectl(
      ['-n', ns.name, 'apply', '-f', '-'],
      stringify({
        apiVersion: applicationApiVersion,
        kind: 'Application',
        metadata: { name: 'web', namespace: ns.name },
        spec: {
          source: { repoURL: 'http://127.0.0.1:1/none.git', targetRevision: 'HEAD', path: '.' },
          destination: { server: 'https://kubernetes.default.svc', namespace: ns.name },
        },
      }),
    );
    const apps = await waitFor('the server lists the Application', 30_000, async () => {
      const result = await as(adminConfig, 'app', 'list', '-n', ns.name);
      return result.out.includes('web') ? result : undefined;
    });
    expect(apps.code).toBe(0);
    expect(apps.out).toMatch(/^NAMESPACE\s+NAME\s+SYNC\s+HEALTH\s+REVISION\s+REPO/);
    expect(apps.out).toMatch(
      new RegExp(`${ns.name}\\s+web\\s+.*http://127\\.0\\.0\\.1:1/none\\.git`),
    );

    const runs = await as(adminConfig, 'pipeline', 'list');
    expect(runs.err).toBe('');
    expect(runs.code).toBe(0);
    expect(runs.out).toMatch(/^RUN\s+PIPELINE\s+EVENT\s+STATUS/);
  });

  it('says to sign in when the token is not accepted', async () => {
    process.env['SLIPWAY_SERVER'] = slipway.url;
    process.env['SLIPWAY_TOKEN'] = 'slw_not-a-token';
    try {
      const result = await as(join(stateDir, 'none.json'), 'rollout', 'list', '-n', ns.name);
      expect(result.code).toBe(1);
      expect(result.err).toContain('slipway login');
    } finally {
      delete process.env['SLIPWAY_SERVER'];
      delete process.env['SLIPWAY_TOKEN'];
    }
  });
});
