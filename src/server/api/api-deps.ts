import type { FastifyPluginAsync } from 'fastify';
import type { IdentityRoutesDeps } from '../../identity/index.js';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AuditLog, Authenticator } from '../../auth/auth-types.js';
import type { OidcSignIn } from '../../auth/oidc/index.js';
import type { ApplicationObject } from '../../gitops/index.js';
import type { ObjectClient } from '../../kube/index.js';
import type { RunRecord, RunStore } from '../../store/index.js';
import type { RolloutView } from '../../rollout/index.js';
import type { AccessPolicy } from './api-route.js';
import type { DeliveryStore } from './delivery-store.js';
import type { EventHub } from './event-hub.js';
import type { ObjectIndex } from './object-index.js';
import type { SlipwayMetrics } from './prom-metrics.js';
import type { PreviewRoutesDeps } from './routes/preview-routes.js';

/** Everything the API server talks to; `slipway up` builds them, tests may build their own. */
export type ApiServerDeps = {
  readonly authenticator: Authenticator;
  readonly audit: AuditLog;
  readonly policy: AccessPolicy;
  readonly kube: ObjectClient;
  readonly applications: ObjectIndex<ApplicationObject>;
  readonly rollouts: ObjectIndex<RolloutView>;
  readonly runs: RunStore;
  readonly hub: EventHub;
  readonly metrics: SlipwayMetrics;
  readonly delivery: DeliveryStore;
  readonly log: Logger;
  /** What a sync would change, one unified diff per object (gitops diffApp). */
  readonly diff?: (app: ApplicationObject) => Promise<string[]>;
  /** Starts a run again for the same event; its id. Absent: rerun answers 503. */
  readonly rerun?: (run: RunRecord) => Promise<string>;
  /** The webhook intake (buildWebhookServer), mounted at /api/webhook and /api/webhooks/*. */
  readonly webhook?: FastifyInstance;
  /** The built web UI; a short page saying it is not built when absent. */
  readonly uiDir?: string;
  /** Ready once the informers have listed (and whatever else the composition waits for). */
  readonly ready?: () => boolean;
  readonly heartbeatMs?: number;
  /** The workload-identity token endpoint and Slipway's OIDC documents; off when absent. */
  readonly identity?: IdentityRoutesDeps;
  /** GET /api/secrets/:project/:name for workloads (their own token, not a user's); off when absent. */
  readonly secrets?: FastifyPluginAsync;
  /** Sign-in through an OIDC IdP (`--oidc-config`); GET /api/session/providers lists none when absent. */
  readonly oidc?: OidcSignIn;
  /** Pull requests' preview environments; GET /api/previews lists none when absent. */
  readonly previews?: PreviewRoutesDeps;
};
