import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterLayout } from '../../cluster/layout.js';
import { findCommand } from '../main.js';
import { registryAuthOptions } from './up.js';

const repoDir = fileURLToPath(new URL('../../..', import.meta.url));

/** Runs `slipway credential-provider` from source as the kubelet would: stdin in, stdout out. */
function runPlugin(
  stdin: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script =
    "import { runCli } from './src/cli/main.ts'; process.exitCode = await runCli(['credential-provider', ...process.argv.slice(1)]);";
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args],
      { cwd: repoDir },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const request = JSON.stringify({
  apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
  kind: 'CredentialProviderRequest',
  image: '127.0.0.1:5001/shop/web:1',
  serviceAccountToken: 'pod-token',
});

describe('slipway credential-provider', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const ok = new URLSearchParams(body).get('subject_token') === 'pod-token';
        res.statusCode = ok ? 200 : 400;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify(
            ok
              ? { access_token: 'registry-credential', expires_in: 600 }
              : { error: 'invalid_grant', error_description: 'the pod is gone' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/exchange`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is a command of the CLI', () => {
    expect(findCommand(['credential-provider'])?.command.usage).toContain(
      'slipway credential-provider',
    );
  });

  it('answers the kubelet on stdout with nothing else there', async () => {
    const result = await runPlugin(request, ['--exchange-url', url]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      kind: 'CredentialProviderResponse',
      cacheKeyType: 'Registry',
      cacheDuration: '480s',
      auth: {
        '127.0.0.1:5001': {
          username: 'slipway-registry-credential',
          password: 'registry-credential',
        },
      },
    });
  }, 30_000);

  it('says on stderr what failed, and fails, when Slipway refuses the token', async () => {
    const refused = request.replace('pod-token', 'stale-token');
    const result = await runPlugin(refused, ['--exchange-url', url]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'Slipway refused the service-account token (HTTP 400 invalid_grant): the pod is gone',
    );
    expect(result.stderr).not.toContain('stale-token');
  }, 30_000);

  it('names a request it cannot read (exit 2)', async () => {
    const result = await runPlugin('{"kind":"Nope"}', ['--exchange-url', url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error: the CredentialProviderRequest field apiVersion is wrong',
    );
  }, 30_000);
});

describe('slipway up --registry-auth', () => {
  const layout = clusterLayout({ SLIPWAY_CACHE: '/cache', SLIPWAY_CLUSTER_DIR: '/state' });

  it('uses the registry-token key the cluster made, and the policy file given', () => {
    expect(
      registryAuthOptions({ 'registry-auth': true, 'registry-policies': 'p.yaml' }, layout),
    ).toEqual({
      signingKeyFile: '/state/pki/registry-token.key',
      certificateFile: '/state/pki/registry-token.crt',
      policiesFile: 'p.yaml',
    });
    expect(registryAuthOptions({}, layout)).toBeUndefined();
  });

  it('refuses a policy file without --registry-auth', () => {
    expect(() => registryAuthOptions({ 'registry-policies': 'p.yaml' }, layout)).toThrow(
      '--registry-policies needs --registry-auth',
    );
  });
});
