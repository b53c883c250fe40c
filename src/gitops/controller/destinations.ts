import { inClusterServer, type ApplicationSpec } from '../../config/index.js';
import { InputError } from '../../errors/index.js';
import { KubeRest, ObjectClient, type Connection } from '../../kube/index.js';
import type { EngineDeps } from './engine-deps.js';
import { listTypedSecrets, type SecretObject } from './typed-secrets.js';

/** Argo CD's cluster Secret `config`: a bearer token or client certificate, and TLS settings. */
type ClusterConfig = {
  bearerToken?: string;
  username?: string;
  password?: string;
  tlsClientConfig?: {
    insecure?: boolean;
    caData?: string;
    certData?: string;
    keyData?: string;
    serverName?: string;
  };
};

export type RegisteredCluster = {
  readonly name: string;
  readonly server: string;
  readonly config: ClusterConfig;
  readonly version: string;
};

const decode = (v: string | undefined): string =>
  v === undefined ? '' : Buffer.from(v, 'base64').toString('utf8');

/** Reads Argo CD-format cluster Secrets. A Secret whose config is not JSON is named in the error. Pure. */
export function registeredClusters(secrets: readonly SecretObject[]): RegisteredCluster[] {
  return secrets.map((s) => {
    const data = s.data ?? {};
    let config: ClusterConfig = {};
    try {
      config = JSON.parse(decode(data['config']) || '{}') as ClusterConfig;
    } catch {
      throw new InputError(
        `cluster Secret ${s.metadata.namespace}/${s.metadata.name}: data.config is not JSON`,
        {
          hint: 'write config as Argo CD does: {"bearerToken": "...", "tlsClientConfig": {"caData": "..."}}',
        },
      );
    }
    return {
      name: decode(data['name']),
      server: decode(data['server']).replace(/\/+$/, ''),
      config,
      version: `${s.metadata.uid}@${s.metadata.resourceVersion}`,
    };
  });
}

/** Which cluster a destination names: in-cluster, or a registered one by server URL or name. Pure. */
export function pickCluster(
  destination: ApplicationSpec['destination'],
  clusters: readonly RegisteredCluster[],
): RegisteredCluster | 'in-cluster' {
  const { server, name } = destination;
  if (server !== undefined && name !== undefined) {
    throw new InputError(`spec.destination: both server "${server}" and name "${name}" are set`, {
      hint: 'set one of them (as in Argo CD, they are mutually exclusive)',
    });
  }
  if (
    (server === undefined || server === inClusterServer) &&
    (name === undefined || name === 'in-cluster')
  )
    return 'in-cluster';
  const found = clusters.find((c) =>
    server !== undefined ? c.server === server.replace(/\/+$/, '') : c.name === name,
  );
  if (found === undefined) {
    throw new InputError(
      `spec.destination: cluster "${server ?? name}" is not registered with Slipway`,
      {
        hint: `use ${inClusterServer}, or add a Secret labelled argocd.argoproj.io/secret-type=cluster with its name, server and config (in slipway-system)`,
      },
    );
  }
  return found;
}

const clients = new Map<string, Promise<ObjectClient>>();

/** The client for an Application's destination; clients for registered clusters are kept per Secret version. */
export async function destinationClient(
  deps: EngineDeps,
  spec: ApplicationSpec,
): Promise<ObjectClient> {
  const remote =
    (spec.destination.server !== undefined && spec.destination.server !== inClusterServer) ||
    (spec.destination.name ?? 'in-cluster') !== 'in-cluster';
  const secrets = remote
    ? await listTypedSecrets(deps.control, deps.credentialNamespaces, 'cluster')
    : [];
  const cluster = pickCluster(spec.destination, registeredClusters(secrets));
  if (cluster === 'in-cluster') return deps.control;
  let client = clients.get(cluster.version);
  if (client === undefined) {
    client = Promise.resolve(new ObjectClient(KubeRest.fromConnection(connectionFor(cluster))));
    clients.set(cluster.version, client);
  }
  return client;
}

/** Argo CD's cluster config as a connection: bearer token, client certificate or basic auth. Pure. */
export function connectionFor(cluster: RegisteredCluster): Connection {
  const tls = cluster.config.tlsClientConfig ?? {};
  const decoded = (v: string | undefined): Buffer | undefined =>
    v ? Buffer.from(v, 'base64') : undefined;
  const optional = {
    ca: decoded(tls.caData),
    cert: decoded(tls.certData),
    key: decoded(tls.keyData),
    token: cluster.config.bearerToken,
    basicAuth: cluster.config.username
      ? { username: cluster.config.username, password: cluster.config.password ?? '' }
      : undefined,
    insecureSkipTlsVerify: tls.insecure === true ? true : undefined,
    tlsServerName: tls.serverName,
  };
  return {
    server: cluster.server,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
