import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { bootstrapAdmin, can, csrfOk, openAuthStore, permissionFor } from '../../src/auth/index.js';
import type { ApplicationObject } from '../../src/gitops/index.js';
import {
  applicationApiVersion,
  KubeRest,
  ObjectClient,
  slipwayApiVersion,
} from '../../src/kube/index.js';
import type { RolloutView } from '../../src/rollout/index.js';
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
} from '../../src/server/api/index.js';
import { SqliteRunStore } from '../../src/store/index.js';

// `slipway up`'s API server wired as src/server/up.ts wires it, without the controllers, the
// pipeline trigger and the identity issuer: the bench measures reads and the live-event fan-out,
// and a GitOps controller reconciling 1,000 Applications that point nowhere would only add noise.

export type ApiOnly = {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly adminPassword: string;
  readonly ready: () => boolean;
  readonly close: () => Promise<void>;
};

export async function startApiOnly(stateDir: string, namespace: string): Promise<ApiOnly> {
  const databaseFile = join(stateDir, 'slipway.db');
  const runStore = new SqliteRunStore(databaseFile);
  const auth = openAuthStore(databaseFile);
  const adminPassword = await bootstrapAdmin(auth.db);
  if (adminPassword === undefined) throw new Error(`${databaseFile} is not a fresh state file`);
  const rest = KubeRest.fromConnection();
  const log = pino({ level: process.env['BENCH_LOG'] ?? 'warn' });
  const hub = new EventHub();
  const applications = new ObjectIndex<ApplicationObject>(
    rest,
    collectionPaths(applicationApiVersion, 'applications', [namespace]),
    log,
  );
  const rollouts = new ObjectIndex<RolloutView>(
    rest,
    collectionPaths(slipwayApiVersion, 'rollouts', [namespace]),
    log,
  );
  const metrics = new SlipwayMetrics(() => rolloutPhases(rollouts));
  const runs = observedRunStore(runStore, hub, metrics);
  const delivery = sqliteDeliveryStore(auth.db);
  const stopObserving = observeCluster({ applications, rollouts, hub, metrics, delivery });
  applications.start();
  rollouts.start();
  const ready = (): boolean => applications.listed && rollouts.listed;
  const app = buildApiServer({
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
    log,
    ready,
    uiDir: join(stateDir, 'no-ui'),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    app,
    adminPassword,
    ready,
    close: async () => {
      await app.close();
      stopObserving();
      applications.stop();
      rollouts.stop();
      auth.close();
      runStore.close();
    },
  };
}
