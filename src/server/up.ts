import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { PreconditionError } from '../errors/index.js';
import {
  bootstrapAdmin,
  can,
  csrfOk,
  openAuthStore,
  permissionFor,
  startExternalSession,
  type AuthStore,
} from '../auth/index.js';
import { createOidcSignIn, type OidcConfig } from '../auth/oidc/index.js';
import { RepoCache } from '../git/index.js';
import { ApplicationController, createEngine, diffApp } from '../gitops/index.js';
import { applicationApiVersion, KubeRest, ObjectClient, slipwayApiVersion } from '../kube/index.js';
import { cacheRoot, type RunnerDeps } from '../pipeline/run/index.js';
import {
  loadPipelineRepos,
  PipelineTrigger,
  type PipelineRepo,
} from '../pipeline/trigger/index.js';
import { RolloutController } from '../rollout/index.js';
import { SqliteRunStore, type RunStore } from '../store/index.js';
import { identityDeps } from './identity-wiring.js';
import {
  builtinSecretSyncProviders,
  openBuiltinSecretStore,
  SecretSyncController,
} from '../secrets/index.js';
import { secretsPlugin, type SecretsOptions } from './secrets-wiring.js';
import { startRegistryAuth, type RegistryAuthOptions } from './registry-auth-wiring.js';
import { runTokenMinter } from './run-token-wiring.js';
import { startAdmission, type AdmissionOptions } from './admission-wiring.js';
import type { RolloutView } from '../rollout/index.js';
import type { ApplicationObject } from '../gitops/index.js';
import {
  buildApiServer,
  collectionPaths,
  EventHub,
  ObjectIndex,
  observeCluster,
  observedRunStore,
  rolloutPhases,
  SlipwayMetrics,
  sqliteDeliveryStore,
} from './api/index.js';
import { freePort } from './free-port.js';
import { startPreviews, type PreviewWiring } from './preview-wiring.js';
import { buildWebhookServer } from './webhook-server.js';

// `slipway up`: the API server, the GitOps and Rollout controllers and the pipeline trigger in
// one process, with its state (runs, users, audit, delivery events) in one SQLite file.

export type UpOptions = {
  readonly stateDir: string;
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  /** Namespaces to watch; all when empty. */
  readonly namespaces?: readonly string[];
  /** A `--pipeline-repos` file: pushes and pull requests of those repositories start pipelines. */
  readonly pipelineRepos?: string;
  /** The built web UI; `dist-ui/` beside package.json when absent. */
  readonly uiDir?: string;
  readonly version?: string;
  /** Applications reconcile this often without a change (default 120 s). */
  readonly pollIntervalMs?: number;
  readonly heartbeatMs?: number;
  /** The secrets API (off when absent): the KEK file and the access policies. */
  readonly secrets?: Omit<SecretsOptions, 'databaseFile'>;
  /** Sign-in through an OIDC IdP besides local users (`--oidc-config`); off when absent. */
  readonly oidc?: OidcConfig;
  /** A preview is deleted this long after its last update (`--preview-ttl`); 72 h when absent. */
  readonly previewTtlMs?: number;
  /** Previews deployed at once (`--preview-limit`); 10 when absent. */
  readonly previewLimit?: number;
  /** The identity registry's token service (`--registry-auth`); off when absent. */
  readonly registryAuth?: RegistryAuthOptions;
  /** The workload-identity admission webhook (`--admission`); off when absent. */
  readonly admission?: AdmissionOptions;
};

export type RunningSlipway = {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly databaseFile: string;
  /** Set on the first start only: the bootstrapped admin's password, to print once. */
  readonly adminPassword: string | undefined;
  readonly ready: () => boolean;
  /** Stops accepting, lets requests finish, stops the controllers, closes the state. */
  readonly close: () => Promise<void>;
};

/** `dist-ui/` in the folder holding Slipway's package.json. */
export function defaultUiDir(from: string = fileURLToPath(import.meta.url)): string | undefined {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist-ui');
  }
  return undefined;
}

type Controllers = { readonly stop: () => void; readonly gitops: ApplicationController };

async function startControllers(options: UpOptions, rest: KubeRest): Promise<Controllers> {
  const namespaces = options.namespaces ?? [];
  const poll = options.pollIntervalMs ?? 120_000;
  const rollouts = new RolloutController(new ObjectClient(rest), {
    namespaces,
    concurrency: 16,
    log: options.log.child({ controller: 'rollouts' }),
  });
  const gitops = new ApplicationController(await createEngine(), {
    namespaces,
    pollIntervalMs: poll,
    pollJitterMs: Math.min(60_000, poll / 2),
    selfHealBackoffMs: 5000,
    concurrency: 16,
    log: options.log.child({ controller: 'gitops' }),
  });
  rollouts.start();
  gitops.start();
  return {
    gitops,
    stop: () => {
      gitops.stop();
      rollouts.stop();
    },
  };
}

function startTrigger(
  options: UpOptions,
  repos: readonly PipelineRepo[] | undefined,
  runs: RunStore,
  previews: PreviewWiring,
  identityToken: RunnerDeps['identityToken'],
): PipelineTrigger | undefined {
  if (repos === undefined) return undefined;
  return new PipelineTrigger({
    repos,
    cache: new RepoCache({ cacheDir: join(cacheRoot(), 'pipeline-git') }),
    store: runs,
    log: options.log.child({ component: 'pipelines' }),
    onRunFinished: previews.onRunFinished,
    onEvent: previews.onEvent,
    identityToken,
  });
}

/** Runs this process started and could not finish are marked so, not left "running" forever. */
async function markInterrupted(runs: RunStore): Promise<void> {
  const open = await runs.listRuns({ status: ['queued', 'running'], limit: 10_000 });
  const finishedAt = new Date().toISOString();
  for (const run of open.filter((r) => r.owner?.pid === process.pid)) {
    await runs.updateRun(run.id, {
      status: 'failed',
      finishedAt,
      summary: {
        ...run.summary,
        failures: [...run.summary.failures, 'interrupted: slipway up stopped during the run'],
      },
    });
  }
}

/** Registry auth (when asked for) verifies pods' tokens, so it needs the cluster's OIDC issuer. */
async function startRegistryAuthOrFail(
  options: RegistryAuthOptions | undefined,
  identity: Awaited<ReturnType<typeof identityDeps>>,
  auth: AuthStore,
  rest: KubeRest,
  log: Logger,
): Promise<Awaited<ReturnType<typeof startRegistryAuth>> | undefined> {
  if (options === undefined) return undefined;
  if (identity === undefined) {
    throw new PreconditionError(
      'registry auth needs workload identity, which is off: the cluster publishes no OIDC discovery',
      { hint: 'start the cluster with `slipway cluster up`, or run without --registry-auth' },
    );
  }
  return await startRegistryAuth(options, {
    issuer: identity.deps.issuer,
    verifyBound: identity.verifyBound,
    authenticator: auth.authenticator,
    rest,
    log: log.child({ component: 'registry-auth' }),
  });
}

export async function startSlipway(options: UpOptions): Promise<RunningSlipway> {
  const databaseFile = join(options.stateDir, 'slipway.db');
  // The run store brings the file to the newest migration; the others share it.
  const runStore = new SqliteRunStore(databaseFile);
  const auth: AuthStore = openAuthStore(databaseFile);
  const adminPassword = await bootstrapAdmin(auth.db);
  const rest = KubeRest.fromConnection();
  const namespaces = options.namespaces ?? [];
  const log = options.log;
  const hub = new EventHub();
  const applications = new ObjectIndex<ApplicationObject>(
    rest,
    collectionPaths(applicationApiVersion, 'applications', namespaces),
    log.child({ index: 'applications' }),
  );
  const rollouts = new ObjectIndex<RolloutView>(
    rest,
    collectionPaths(slipwayApiVersion, 'rollouts', namespaces),
    log.child({ index: 'rollouts' }),
  );
  const metrics = new SlipwayMetrics(() => rolloutPhases(rollouts));
  const runs = observedRunStore(runStore, hub, metrics);
  const delivery = sqliteDeliveryStore(auth.db);
  const stopObserving = observeCluster({ applications, rollouts, hub, metrics, delivery });
  applications.start();
  rollouts.start();
  const controllers = await startControllers(options, rest);
  const repos =
    options.pipelineRepos === undefined
      ? undefined
      : await loadPipelineRepos(options.pipelineRepos);
  // Without --pipeline-repos no preview is made, but those recorded still expire and may be deleted.
  const previews = startPreviews({
    client: new ObjectClient(rest),
    db: auth.db,
    repos: repos ?? [],
    log: log.child({ component: 'previews' }),
    ttlMs: options.previewTtlMs,
    limit: options.previewLimit,
  });
  const runTokens = runTokenMinter();
  const trigger = startTrigger(options, repos, runs, previews, runTokens.identityToken);
  const engine = await createEngine();
  const webhook = buildWebhookServer(
    {
      apps: () => controllers.gitops.appSources(),
      refresh: (_repos, keys) => controllers.gitops.refreshFromPush(keys),
    },
    {
      secret: process.env['SLIPWAY_WEBHOOK_SECRET'] ?? '',
      log: log.child({ component: 'webhooks' }),
      ...(trigger === undefined ? {} : { pipelines: trigger }),
    },
  );
  const ready = (): boolean => applications.listed && rollouts.listed;
  const uiDir = options.uiDir ?? defaultUiDir();
  // Slipway's token issuer names its own URL, so a port chosen by the system is chosen first.
  const port = options.port === 0 ? await freePort(options.host) : options.port;
  const publicUrl = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;
  const identity = await identityDeps(
    rest,
    publicUrl,
    options.stateDir,
    log.child({ component: 'identity' }),
  );
  if (identity !== undefined) runTokens.useIssuer(identity.deps.issuer);
  const secrets =
    options.secrets === undefined || identity === undefined
      ? undefined
      : secretsPlugin({ ...options.secrets, databaseFile }, identity.deps.issuer, auth.audit);
  // SecretSyncs read the same store; without a KEK each one says so in its Ready condition.
  const fallbackSecrets = builtinSecretSyncProviders(() =>
    openBuiltinSecretStore({ databaseFile }),
  );
  const secretSync = new SecretSyncController(new ObjectClient(rest), {
    namespaces,
    providerFor:
      secrets === undefined ? fallbackSecrets.providerFor : (p) => secrets.store.provider(p),
    log: log.child({ controller: 'secret-sync' }),
  });
  secretSync.start();
  const oidc =
    options.oidc &&
    createOidcSignIn(options.oidc, {
      startSession: (user, grants) => startExternalSession(auth.db, user, grants, new Date()),
    });
  const app = buildApiServer(
    {
      authenticator: auth.authenticator,
      audit: auth.audit,
      policy: { can, permissionFor, csrfOk },
      kube: new ObjectClient(rest),
      applications,
      rollouts,
      runs,
      hub,
      metrics,
      delivery,
      log: log.child({ component: 'api' }),
      diff: (a) => diffApp(engine, a),
      ...(trigger === undefined ? {} : { rerun: (run) => trigger.rerun(run) }),
      webhook,
      ready,
      ...(identity === undefined ? {} : { identity: identity.deps }),
      ...(secrets === undefined ? {} : { secrets: secrets.plugin }),
      ...(oidc === undefined ? {} : { oidc }),
      previews: { manager: previews.manager, projectOf: previews.projectOf },
      ...(uiDir === undefined ? {} : { uiDir }),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    },
    options.version,
  );
  const registryAuth = await startRegistryAuthOrFail(
    options.registryAuth,
    identity,
    auth,
    rest,
    log,
  );
  const admission = await startAdmission(options.admission, {
    identityOn: identity !== undefined,
    rest,
    publicUrl,
    stateDir: options.stateDir,
    namespaces,
    log: log.child({ component: 'admission' }),
  });
  const address = await app.listen({ host: options.host, port });
  log.info({ url: address }, 'slipway is up');
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await admission?.close();
    await app.close();
    await registryAuth?.close();
    await webhook.close();
    controllers.stop();
    identity?.stop();
    secretSync.stop();
    fallbackSecrets.close();
    stopObserving();
    applications.stop();
    rollouts.stop();
    await trigger?.close();
    await previews.close();
    await markInterrupted(runs);
    secrets?.store.close();
    auth.close();
    runStore.close();
  };
  return {
    url: address,
    app,
    databaseFile,
    adminPassword,
    ready,
    close: () => (closing ??= close()),
  };
}
