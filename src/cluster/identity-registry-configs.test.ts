import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bootstrapManifests } from './bootstrap-manifests.js';
import { planComponents } from './component-plan.js';
import {
  renderCredentialProviderConfig,
  renderCredentialProviderWrapper,
  renderIdentityRegistryConfig,
} from './identity-registry-configs.js';
import { clusterLayout } from './layout.js';
import {
  renderContainerdConfig,
  renderKubeletConfig,
  renderRegistryConfig,
} from './node-configs.js';
import { toolPaths, type Toolchain, type ToolVersions } from './toolchain.js';

const layout = clusterLayout({ SLIPWAY_CACHE: '/cache', SLIPWAY_CLUSTER_DIR: '/state' });
const versions: ToolVersions = {
  kubernetes: 'v1.34.4',
  etcd: 'v3.6.16',
  kwok: 'v0.8.0',
  kustomize: 'v5.7.1',
  helm: 'v3.19.0',
  pause: '3.10',
  pythonBaseSuite: 'bookworm',
  pythonBaseTag: '3.11',
};
const tools: Toolchain = { versions, ...toolPaths(versions, '/cache') };

describe('the identity registry', () => {
  it('is a second registry with its own data and token auth naming Slipway’s realm', () => {
    expect(parse(renderIdentityRegistryConfig(layout))).toMatchObject({
      storage: { filesystem: { rootdirectory: '/state/registry-identity' } },
      http: { addr: '127.0.0.1:5001' },
      auth: {
        token: {
          realm: 'http://127.0.0.1:5002/token',
          service: 'slipway-registry',
          issuer: 'slipway-registry-auth',
          rootcertbundle: '/state/pki/registry-token.crt',
        },
      },
    });
  });

  it('leaves the open registry open', () => {
    const open = parse(renderRegistryConfig(layout)) as Record<string, unknown>;
    expect(open['auth']).toBeUndefined();
    expect(open).toMatchObject({ http: { addr: '127.0.0.1:5000' } });
  });

  it('runs as its own component, healthy only when /v2/ demands a token', () => {
    const plan = planComponents(layout, tools, { kwokNodes: 0 });
    expect(plan.map((c) => c.name).slice(0, 3)).toEqual(['registry', 'registry-identity', 'etcd']);
    expect(plan.find((c) => c.name === 'registry-identity')).toEqual({
      name: 'registry-identity',
      command: '/usr/bin/docker-registry',
      args: ['serve', '/state/config/registry-identity.yaml'],
      health: { kind: 'http', url: 'http://127.0.0.1:5001/v2/', expectStatus: 401 },
      ports: ['registryIdentity'],
    });
  });

  it('is reached by containerd over plain HTTP, like the open one', () => {
    const toml = renderContainerdConfig(layout, '127.0.0.1:5000/pause:3.10', 'overlayfs');
    expect(toml).toContain(
      '[plugins."io.containerd.grpc.v1.cri".registry.mirrors."127.0.0.1:5001"]\n    endpoint = ["http://127.0.0.1:5001"]',
    );
    expect(toml).toContain('endpoint = ["http://127.0.0.1:5000"]');
  });
});

describe("the kubelet's credential provider", () => {
  it('gets the config and the bin dir as flags', () => {
    const kubelet = planComponents(layout, tools, { kwokNodes: 0 }).find(
      (c) => c.name === 'kubelet',
    );
    expect(kubelet?.args).toEqual(
      expect.arrayContaining([
        '--image-credential-provider-config=/state/config/credential-provider.yaml',
        '--image-credential-provider-bin-dir=/state/credential-provider/bin',
      ]),
    );
  });

  it("matches only the identity registry, and is fed the pod's token for its audience", () => {
    expect(parse(renderCredentialProviderConfig())).toEqual({
      apiVersion: 'kubelet.config.k8s.io/v1',
      kind: 'CredentialProviderConfig',
      providers: [
        {
          name: 'slipway-credential-provider',
          matchImages: ['127.0.0.1:5001'],
          defaultCacheDuration: '5m',
          apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
          args: ['--exchange-url', 'http://127.0.0.1:5002/exchange'],
          tokenAttributes: {
            serviceAccountTokenAudience: 'slipway-registry',
            cacheType: 'Token',
            requireServiceAccount: true,
          },
        },
      ],
    });
  });

  it('re-checks node copies of every image but the open registry’s against the pod’s credentials', () => {
    expect(parse(renderKubeletConfig(layout))).toMatchObject({
      featureGates: { KubeletEnsureSecretPulledImages: true },
      imagePullCredentialsVerificationPolicy: 'NeverVerifyAllowlistedImages',
      preloadedImagesVerificationAllowlist: ['127.0.0.1:5000/*'],
    });
  });

  it('lets nodes request tokens for the registry audience, and nothing broader', () => {
    const docs = parseAllDocuments(bootstrapManifests()).map(
      (d) => d.toJS() as { kind: string; metadata: { name: string }; rules?: unknown },
    );
    const role = docs.find((d) => d.metadata.name === 'slipway:node-registry-token-audience');
    expect(role?.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['slipway-registry'],
        verbs: ['request-serviceaccounts-token-audience'],
      },
    ]);
    const binding = docs.find(
      (d) => d.kind === 'ClusterRoleBinding' && d.metadata.name === role?.metadata.name,
    );
    expect(binding).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'slipway:node-registry-token-audience' },
      subjects: [{ kind: 'Group', name: 'system:nodes' }],
    });
  });

  it('runs through a wrapper that survives odd paths', () => {
    const dir = mkdtempSync(join(tmpdir(), "slipway wrapper's-"));
    try {
      const wrapper = join(dir, 'plugin');
      const fakeNode = join(dir, "no de's");
      // A stand-in for node that prints its arguments, one per line.
      writeFileSync(fakeNode, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', { mode: 0o755 });
      writeFileSync(
        wrapper,
        renderCredentialProviderWrapper(fakeNode, "/opt/sli pway's/bin/slipway.js"),
        {
          mode: 0o755,
        },
      );
      const out = execFileSync(wrapper, ['--exchange-url', 'http://x'], { encoding: 'utf8' });
      expect(out.split('\n')).toEqual([
        "/opt/sli pway's/bin/slipway.js",
        'credential-provider',
        '--exchange-url',
        'http://x',
        '',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
