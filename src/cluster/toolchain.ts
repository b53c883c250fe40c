import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PreconditionError } from '../errors/index.js';
import type { ClusterLayout } from './layout.js';

export type ToolVersions = {
  readonly kubernetes: string;
  readonly etcd: string;
  readonly kwok: string;
  readonly kustomize: string;
  readonly helm: string;
  readonly pause: string;
  readonly pythonBaseSuite: string;
  readonly pythonBaseTag: string;
};

export type Toolchain = {
  readonly versions: ToolVersions;
  /** Absolute path of each program the cluster runs. */
  readonly bin: Readonly<Record<ToolName, string>>;
  /** The Debian rootfs tarball the Python base image is made from. */
  readonly pythonRootfs: string;
  /** kwok's Stage objects (node and pod lifecycles), rendered by scripts/setup. */
  readonly kwokStages: string;
};

export const toolNames = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kube-proxy',
  'kubectl',
  'kwok',
  'kustomize',
  'helm',
  'pause',
  'containerd',
  'ctr',
  'runc',
  'registry',
  'buildah',
  'skopeo',
  'prometheus',
] as const;
export type ToolName = (typeof toolNames)[number];

/** Parses `KEY=VALUE` lines, skipping blanks and `#` comments. */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return values;
}

export function parseToolVersions(text: string, file: string): ToolVersions {
  const env = parseEnvFile(text);
  const need = (key: string): string => {
    const value = env.get(key);
    if (value === undefined || value === '') {
      throw new PreconditionError(`${file}: ${key} is missing`, {
        hint: `restore ${file} from git (git checkout -- ${file})`,
      });
    }
    return value;
  };
  return {
    kubernetes: need('KUBERNETES_VERSION'),
    etcd: need('ETCD_VERSION'),
    kwok: need('KWOK_VERSION'),
    kustomize: need('KUSTOMIZE_VERSION'),
    helm: need('HELM_VERSION'),
    pause: need('PAUSE_VERSION'),
    pythonBaseSuite: need('PYTHON_BASE_SUITE'),
    pythonBaseTag: need('PYTHON_BASE_TAG'),
  };
}

/** Where scripts/setup put each tool for these versions (pure: no file is read). */
export function toolPaths(versions: ToolVersions, cacheDir: string): Omit<Toolchain, 'versions'> {
  const built = (dir: string, name: string): string => join(cacheDir, 'bin', dir, name);
  const k8s = `kubernetes-${versions.kubernetes}`;
  return {
    bin: {
      etcd: built(`etcd-${versions.etcd}`, 'etcd'),
      'kube-apiserver': built(k8s, 'kube-apiserver'),
      'kube-controller-manager': built(k8s, 'kube-controller-manager'),
      'kube-scheduler': built(k8s, 'kube-scheduler'),
      kubelet: built(k8s, 'kubelet'),
      'kube-proxy': built(k8s, 'kube-proxy'),
      kubectl: built(k8s, 'kubectl'),
      kwok: built(`kwok-${versions.kwok}`, 'kwok'),
      kustomize: built(`kustomize-${versions.kustomize}`, 'kustomize'),
      helm: built(`helm-${versions.helm}`, 'helm'),
      pause: built(`pause-${versions.pause}`, 'pause'),
      containerd: '/usr/bin/containerd',
      ctr: '/usr/bin/ctr',
      runc: '/usr/sbin/runc',
      registry: '/usr/bin/docker-registry',
      buildah: '/usr/bin/buildah',
      skopeo: '/usr/bin/skopeo',
      prometheus: '/usr/bin/prometheus',
    },
    kwokStages: built(`kwok-${versions.kwok}`, 'stages-fast.yaml'),
    pythonRootfs: join(
      cacheDir,
      'images',
      `python-${versions.pythonBaseTag}-${versions.pythonBaseSuite}.tar`,
    ),
  };
}

/** Reads the pinned versions and checks every tool is installed; says how to fix it if not. */
export function loadToolchain(layout: ClusterLayout): Toolchain {
  const file = join(layout.repoDir, 'scripts', 'toolchain', 'versions.env');
  const versions = parseToolVersions(readFileSync(file, 'utf8'), file);
  const paths = toolPaths(versions, layout.cacheDir);
  const missing = Object.entries(paths.bin)
    .filter(([, path]) => !existsSync(path))
    .map(([name, path]) => `${name} (${path})`);
  for (const [what, path] of [
    ['python base rootfs', paths.pythonRootfs],
    ['kwok stages', paths.kwokStages],
  ] as const) {
    if (!existsSync(path)) missing.push(`${what} (${path})`);
  }
  if (missing.length > 0) {
    throw new PreconditionError(`the toolchain is incomplete; missing: ${missing.join(', ')}`, {
      hint: 'run `npm run setup` (scripts/setup installs and builds everything, once)',
    });
  }
  return { versions, ...paths };
}
