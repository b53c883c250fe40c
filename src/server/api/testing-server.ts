import { pino } from 'pino';
import { can, csrfOk, permissionFor, type AuthStore } from '../../auth/index.js';
import type { KubeRest, ObjectClient } from '../../kube/index.js';
import type { RunStore } from '../../store/index.js';
import type { ApiServerDeps } from './api-deps.js';
import type { buildApiServer } from './api-server.js';
import { memoryDeliveryStore } from './delivery-store.js';
import { EventHub } from './event-hub.js';
import { ObjectIndex } from './object-index.js';
import { SlipwayMetrics } from './prom-metrics.js';

// For route tests: the API server's dependencies with the real auth and run store and no
// cluster (the indexes are never started, so they stay empty and never call the API server).

const noCluster = {} as KubeRest;

export function offlineApiDeps(
  auth: AuthStore,
  runs: RunStore,
  extra: Partial<ApiServerDeps> = {},
): ApiServerDeps {
  const log = pino({ level: 'silent' });
  return {
    authenticator: auth.authenticator,
    audit: auth.audit,
    policy: { can, permissionFor, csrfOk },
    kube: {} as ObjectClient,
    applications: new ObjectIndex(noCluster, [], log),
    rollouts: new ObjectIndex(noCluster, [], log),
    runs,
    hub: new EventHub(),
    metrics: new SlipwayMetrics(() => ({})),
    delivery: memoryDeliveryStore(),
    log,
    ...extra,
  };
}

/** Signs in through POST /api/session; the cookie and CSRF token a browser would hold. */
export async function signIn(
  app: ReturnType<typeof buildApiServer>,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf: string; status: number }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username, password },
  });
  const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
  const csrf = res.statusCode === 200 ? res.json<{ csrfToken: string }>().csrfToken : '';
  return { cookie, csrf, status: res.statusCode };
}
