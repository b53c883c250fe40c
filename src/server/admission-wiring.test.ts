import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeRest } from '../kube/index.js';
import { startAdmission, type AdmissionDeps } from './admission-wiring.js';

let stateDir: string;
let deps: AdmissionDeps;
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'slipway-admission-wiring-'));
  deps = {
    identityOn: true,
    // Nothing listens on port 1: every API call fails.
    rest: KubeRest.fromConnection({ server: 'https://127.0.0.1:1' }),
    publicUrl: 'http://127.0.0.1:8080',
    stateDir,
    namespaces: [],
    log: pino({ level: 'silent' }),
  };
});
afterAll(async () => {
  await rm(stateDir, { recursive: true, force: true });
});

describe('startAdmission', () => {
  it('is off unless asked for', async () => {
    expect(await startAdmission(undefined, deps)).toBeUndefined();
  });

  it('refuses to start without workload identity', async () => {
    await expect(startAdmission({}, { ...deps, identityOn: false })).rejects.toThrow(
      'the admission webhook needs workload identity, which is off: the cluster publishes no OIDC discovery',
    );
  });

  it('says it cannot register the webhook, and frees its port', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const failed = startAdmission({ port }, deps);
    await expect(failed).rejects.toThrow(
      'cannot create the MutatingWebhookConfiguration for the admission webhook',
    );
    await expect(failed).rejects.toMatchObject({
      hint: expect.stringContaining('mutatingwebhookconfigurations') as unknown,
    });
    const free = createServer();
    await new Promise<void>((resolve, reject) => {
      free.once('error', reject);
      free.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => free.close(resolve));
  }, 30_000);
});
