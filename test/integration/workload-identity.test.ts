import { createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiserverUrl, inRegistry, pythonBaseImage } from '../../src/cluster/index.js';
import {
  applyWorkloadIdentityPatch,
  identityRoutes,
  OidcKeySet,
  SlipwayIssuer,
  verifyServiceAccountToken,
  workloadIdentityPodPatch,
  workloadIdentityTokenFile,
} from '../../src/identity/index.js';
import { KubeRest, ObjectClient, type KubeObject } from '../../src/kube/index.js';
import { kubectl, layout, tools, useNamespace, waitGone } from './support/cluster.js';

// Workload identity end to end on the real cluster: a pod's projected service-account token is
// exchanged at Slipway's token endpoint, and the attacks of the issue are refused.

type TokenAnswer = { status: number; body: Record<string, unknown>; text: string };
const seg = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const decode = (s: string | undefined): Record<string, unknown> =>
  JSON.parse(Buffer.from(s ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('workload identity', () => {
  const ns = useNamespace('workload-id');
  const image = inRegistry(pythonBaseImage(tools));
  const logs: string[] = [];
  const clocks = { verifier: 0, issuer: 0 };
  let closeApp: () => Promise<void> = () => Promise.resolve();
  let issuer: SlipwayIssuer;
  let tokenUrl: string;
  let base: string;

  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => logs.push(line) });
    // Slipway's issuer URL is its own address, so the port is chosen before the issuer opens.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    tokenUrl = `${base}/api/identity/token`;
    issuer = await SlipwayIssuer.open({
      issuerUrl: base,
      stateDir: await mkdtemp(join(tmpdir(), 'slipway-identity-')),
      now: () => Date.now() + clocks.issuer,
    });
    const keys = new OidcKeySet({
      issuerUrl: apiserverUrl,
      ca: readFileSync(join(layout.pkiDir, 'ca.crt')),
    });
    const client = new ObjectClient(KubeRest.fromConnection());
    const app = Fastify({ loggerInstance: logger });
    await app.register(
      identityRoutes({
        issuer,
        log: logger,
        verifySubjectToken: (token) =>
          verifyServiceAccountToken(token, {
            issuer: keys,
            audience: 'slipway',
            client,
            now: () => Date.now() + clocks.verifier,
          }),
      }),
    );
    await app.listen({ host: '127.0.0.1', port });
    closeApp = () => app.close();
  });
  afterEach(() => {
    clocks.verifier = 0;
  });
  afterAll(async () => {
    await closeApp();
  });

  async function post(fields: Record<string, string>): Promise<TokenAnswer> {
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, text };
  }

  const exchange = (subjectToken: string): Promise<TokenAnswer> =>
    post({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: subjectToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    });

  /** The refusal names the reason; neither it nor any log line holds the token or its signature. */
  async function expectRefused(token: string, reason: RegExp): Promise<void> {
    logs.length = 0;
    const answer = await exchange(token);
    expect(answer.status).toBe(400);
    expect(answer.body['error']).toBe('invalid_grant');
    expect(String(answer.body['error_description'])).toMatch(reason);
    const signature = token.split('.')[2] ?? token;
    for (const secret of [token, signature]) {
      expect(answer.text).not.toContain(secret);
      expect(logs.join('\n')).not.toContain(secret);
    }
    expect(logs.join('\n')).toContain('refused a token request');
  }

  const createToken = async (args: string[]): Promise<string> =>
    (await kubectl(['-n', ns.name, 'create', 'token', 'app', ...args])).trim();

  const pod = (name: string, spec: Record<string, unknown> = {}): string =>
    stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns.name },
      spec: {
        serviceAccountName: 'app',
        automountServiceAccountToken: false,
        terminationGracePeriodSeconds: 0,
        containers: [{ name: 'main', image, command: ['sleep', 'infinity'] }],
        ...spec,
      },
    });

  let podToken = '';

  it('a pod running as an annotated ServiceAccount exchanges its projected token for a Slipway access token', async () => {
    const account: KubeObject = {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'app',
        namespace: ns.name,
        annotations: { 'slipway.dev/identity': 'cat-app' },
      },
    };
    await kubectl(['apply', '-f', '-'], stringify(account));
    const patch = workloadIdentityPodPatch(account, { tokenUrl });
    if (patch === undefined) throw new Error('an annotated ServiceAccount must get a patch');
    const spec = applyWorkloadIdentityPatch(
      { containers: [{ name: 'main', image, command: ['sleep', 'infinity'] }] },
      patch,
    );
    await kubectl(['apply', '-f', '-'], pod('holder', spec));
    await kubectl(['-n', ns.name, 'wait', '--for=condition=Ready', 'pod/holder', '--timeout=120s']);
    podToken = (
      await kubectl(['-n', ns.name, 'exec', 'holder', '--', 'cat', workloadIdentityTokenFile])
    ).trim();
    const env = await kubectl([
      '-n',
      ns.name,
      'exec',
      'holder',
      '--',
      'printenv',
      'SLIPWAY_TOKEN_URL',
    ]);
    expect(env.trim()).toBe(tokenUrl);

    const answer = await exchange(podToken);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const accessToken = String(answer.body['access_token']);

    // Anyone can verify it from Slipway's discovery document and JWKS alone.
    const discovery = (await (await fetch(`${base}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer).toBe(base);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: JsonWebKey[] };
    const [h, p, s] = accessToken.split('.');
    const jwk = jwks.keys.find((k) => k['kid'] === decode(h)['kid']);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk!, format: 'jwk' });
    expect(
      verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        { key, dsaEncoding: 'ieee-p1363' },
        Buffer.from(s ?? '', 'base64url'),
      ),
    ).toBe(true);
    expect(decode(p)).toMatchObject({
      iss: base,
      sub: 'cat-app',
      aud: 'slipway',
      namespace: ns.name,
      serviceaccount: 'app',
      pod: 'holder',
    });
    expect(logs.join('\n')).not.toContain(podToken);
    expect(logs.join('\n')).not.toContain(accessToken);
  });

  it('refuses an expired token', async () => {
    const token = await createToken(['--duration=10m', '--audience', 'slipway']);
    logs.length = 0;
    expect((await exchange(token)).status).toBe(200); // valid now
    clocks.verifier = 11 * 60_000;
    await expectRefused(token, /^the token expired at /);
  });

  it('refuses a token for another audience', async () => {
    await expectRefused(
      await createToken(['--audience', 'other']),
      /for audience \["other"\], not "slipway"/,
    );
  });

  it('refuses a token signed by another issuer', async () => {
    const real = await createToken(['--audience', 'slipway']);
    const [h, p] = real.split('.');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forge = (header: Record<string, unknown>, claims: Record<string, unknown>): string => {
      const input = `${seg(header)}.${seg(claims)}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    };
    // Same claims and the cluster's kid, but my key: the signature fails.
    await expectRefused(forge(decode(h), decode(p)), /signature does not verify/);
    // A key the cluster does not publish.
    await expectRefused(forge({ alg: 'RS256', kid: 'mine' }, decode(p)), /does not publish/);
    // Another issuer altogether.
    await expectRefused(
      forge({ alg: 'RS256', kid: 'mine' }, { ...decode(p), iss: 'https://evil.example' }),
      /issued by "https:\/\/evil.example"/,
    );
  });

  it('refuses a token whose pod was deleted', async () => {
    await kubectl(['apply', '-f', '-'], pod('doomed'));
    const token = await createToken([
      '--audience',
      'slipway',
      '--bound-object-kind',
      'Pod',
      '--bound-object-name',
      'doomed',
    ]);
    logs.length = 0;
    expect((await exchange(token)).status).toBe(200); // while the pod lives
    await kubectl(['-n', ns.name, 'delete', 'pod', 'doomed', '--grace-period=0', '--force']);
    await waitGone(ns.name, 'pod', 'doomed');
    await expectRefused(
      token,
      new RegExp(`bound to Pod ${ns.name}/doomed, which no longer exists`),
    );
  });

  it('refuses a ServiceAccount without an identity', async () => {
    await kubectl(['-n', ns.name, 'create', 'serviceaccount', 'plain']);
    const token = (
      await kubectl(['-n', ns.name, 'create', 'token', 'plain', '--audience', 'slipway'])
    ).trim();
    await expectRefused(
      token,
      new RegExp(`^ServiceAccount ${ns.name}/plain has no slipway.dev/identity annotation$`),
    );
  });

  it('refuses a replayed access token once rotation has dropped its key', async () => {
    const answer = await exchange(podToken);
    expect(answer.status).toBe(200);
    const accessToken = String(answer.body['access_token']);
    const oldKid = decode(accessToken.split('.')[0])['kid'];
    await issuer.rotate();
    expect(issuer.verifyAccessToken(accessToken, { audience: 'slipway' }).sub).toBe('cat-app');

    clocks.issuer = 2 * 3600_000; // past the token's expiry and the old key's retention
    await issuer.rotate();
    const jwks = (await (await fetch(`${base}/jwks.json`)).json()) as { keys: JsonWebKey[] };
    expect(jwks.keys.map((k) => k['kid'])).not.toContain(oldKid);
    let refusal: Error | undefined;
    try {
      issuer.verifyAccessToken(accessToken, { audience: 'slipway' });
    } catch (error) {
      refusal = error as Error;
    }
    expect(refusal?.message).toMatch(/no longer \(or never\) published/);
    expect(refusal?.message).not.toContain(accessToken);
    clocks.issuer = 0;
  });
});
