import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { InputError, PreconditionError } from '../errors/index.js';

/** Everything needed to reach one API server as one identity. */
export type Connection = {
  readonly server: string;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly insecureSkipTlsVerify?: boolean;
  readonly tlsServerName?: string;
  /** The context's namespace, the default for commands that take -n. */
  readonly namespace?: string;
};

type Named<T> = { name: string } & T;
type KubeconfigFile = {
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
  contexts?: Named<{ context?: { cluster?: string; user?: string; namespace?: string } }>[];
  'current-context'?: string;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads the current context of a kubeconfig (the fields kubectl users rely on: server, CA, client
 * certificate or token, insecure-skip-tls-verify, namespace). Paths are relative to the file. Pure
 * over `readFile`, so it can be tested without disk.
 */
export function connectionFromKubeconfig(
  text: string,
  file: string,
  readFile: (path: string) => Buffer,
): Connection {
  const doc = (parse(text) ?? {}) as KubeconfigFile;
  const current = str(doc['current-context']);
  const context = doc.contexts?.find((c) => c.name === current)?.context;
  if (!current || !context) {
    throw new PreconditionError(
      `${file}: no current-context${current ? ` named "${current}"` : ''}`,
      {
        hint: 'choose one with `kubectl config use-context NAME`, or eval "$(npx slipway cluster env)"',
      },
    );
  }
  const cluster = doc.clusters?.find((c) => c.name === context.cluster)?.cluster ?? {};
  const user = doc.users?.find((u) => u.name === context.user)?.user ?? {};
  const server = str(cluster['server']);
  if (!server)
    throw new InputError(`${file}: cluster "${context.cluster}" has no server`, {
      hint: 'add clusters[].cluster.server',
    });
  refusePlugins(user, file, context.user);
  const bytes = (
    dataKey: string,
    fileKey: string,
    from: Record<string, unknown>,
  ): Buffer | undefined => {
    const data = str(from[dataKey]);
    if (data) return Buffer.from(data, 'base64');
    const path = str(from[fileKey]);
    return path ? readFile(isAbsolute(path) ? path : resolve(dirname(file), path)) : undefined;
  };
  const tokenFile = str(user['tokenFile']);
  const token =
    str(user['token']) ?? (tokenFile ? readFile(tokenFile).toString('utf8').trim() : undefined);
  const username = str(user['username']);
  const optional = {
    ca: bytes('certificate-authority-data', 'certificate-authority', cluster),
    cert: bytes('client-certificate-data', 'client-certificate', user),
    key: bytes('client-key-data', 'client-key', user),
    token,
    basicAuth: username ? { username, password: str(user['password']) ?? '' } : undefined,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true ? true : undefined,
    tlsServerName: str(cluster['tls-server-name']),
    namespace: context.namespace,
  };
  return {
    server,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

function refusePlugins(
  user: Record<string, unknown>,
  file: string,
  name: string | undefined,
): void {
  if (user['exec'] !== undefined || user['auth-provider'] !== undefined) {
    throw new InputError(
      `${file}: user "${name}" uses an exec or auth-provider plugin, which Slipway does not run`,
      {
        hint: 'use a kubeconfig with a client certificate or a token (e.g. `kubectl create token` for a ServiceAccount)',
      },
    );
  }
}

const inClusterDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/** KUBECONFIG (its first existing file), else ~/.kube/config, else the in-cluster ServiceAccount. */
export function loadDefaultConnection(env: NodeJS.ProcessEnv = process.env): Connection {
  const candidates = [
    ...(env['KUBECONFIG'] ?? '').split(':').filter(Boolean),
    join(homedir(), '.kube', 'config'),
  ];
  const file = candidates.find((f) => existsSync(f));
  if (file)
    return connectionFromKubeconfig(readFileSync(file, 'utf8'), file, (p) => readFileSync(p));
  const host = env['KUBERNETES_SERVICE_HOST'];
  if (host && existsSync(join(inClusterDir, 'token'))) {
    return {
      server: `https://${host.includes(':') ? `[${host}]` : host}:${env['KUBERNETES_SERVICE_PORT'] ?? '443'}`,
      ca: readFileSync(join(inClusterDir, 'ca.crt')),
      token: readFileSync(join(inClusterDir, 'token'), 'utf8').trim(),
      namespace: readFileSync(join(inClusterDir, 'namespace'), 'utf8').trim(),
    };
  }
  throw new PreconditionError(
    'no kubeconfig found (KUBECONFIG is unset and ~/.kube/config does not exist)',
    {
      hint: 'run eval "$(npx slipway cluster env)" for the local cluster, or set KUBECONFIG',
    },
  );
}
