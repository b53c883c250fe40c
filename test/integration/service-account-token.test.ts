import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { apiserverUrl, inRegistry, pythonBaseImage } from '../../src/cluster/index.js';
import { kubectl, layout, tools, useNamespace } from './support/cluster.js';
import { getJson } from './support/https-json.js';

type Jwks = { keys: (JsonWebKey & { kid: string })[] };

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function verifyJwt(token: string, jwks: Jwks): boolean {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return false;
  const key = jwks.keys.find((k) => k.kid === decodeSegment(header)['kid']);
  if (key === undefined) return false;
  return verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
}

describe('service-account tokens', () => {
  const ns = useNamespace('sa-token');
  const ca = join(layout.pkiDir, 'ca.crt');

  it('a projected token in a running pod verifies against the issuer JWKS found by OIDC discovery, without credentials', async () => {
    await kubectl(['-n', ns.name, 'create', 'serviceaccount', 'app']);
    await kubectl(
      ['apply', '-f', '-'],
      stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'holder', namespace: ns.name },
        spec: {
          serviceAccountName: 'app',
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'main',
              image: inRegistry(pythonBaseImage(tools)),
              command: ['sleep', 'infinity'],
              volumeMounts: [
                { name: 'identity', mountPath: '/var/run/secrets/slipway', readOnly: true },
              ],
            },
          ],
          volumes: [
            {
              name: 'identity',
              projected: {
                sources: [
                  {
                    serviceAccountToken: {
                      audience: 'slipway-test',
                      expirationSeconds: 3600,
                      path: 'token',
                    },
                  },
                ],
              },
            },
          ],
        },
      }),
    );
    await kubectl(['-n', ns.name, 'wait', '--for=condition=Ready', 'pod/holder', '--timeout=120s']);
    const token = (
      await kubectl([
        '-n',
        ns.name,
        'exec',
        'holder',
        '--',
        'cat',
        '/var/run/secrets/slipway/token',
      ])
    ).trim();

    const discovery = await getJson(`${apiserverUrl}/.well-known/openid-configuration`, ca);
    expect(discovery.status).toBe(200);
    const config = discovery.body as { issuer: string; jwks_uri: string };
    expect(config.issuer).toBe(apiserverUrl);
    const jwks = await getJson(config.jwks_uri, ca);
    expect(jwks.status).toBe(200);

    expect(verifyJwt(token, jwks.body as Jwks)).toBe(true);
    const claims = decodeSegment(token.split('.')[1] ?? '');
    expect(claims).toMatchObject({
      iss: apiserverUrl,
      aud: ['slipway-test'],
      sub: `system:serviceaccount:${ns.name}:app`,
    });
    expect((claims['kubernetes.io'] as { pod: { name: string } }).pod.name).toBe('holder');
    expect(Number(claims['exp'])).toBeGreaterThan(Date.now() / 1000);

    // A token whose claims were changed no longer verifies.
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...decodeSegment(p ?? ''), sub: 'system:serviceaccount:kube-system:admin' }),
    ).toString('base64url');
    expect(verifyJwt(`${h}.${forged}.${s}`, jwks.body as Jwks)).toBe(false);
  });
});
