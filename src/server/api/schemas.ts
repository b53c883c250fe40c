import { z } from 'zod';

// The request and response shapes of the API: validated by the routes and published in
// /api/openapi.json. Kubernetes objects are passed through as they are (`kubeObject`).

export const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }),
});

export const objectParams = z.object({ namespace: z.string().min(1), name: z.string().min(1) });
export const idParams = z.object({ id: z.string().min(1) });

export const kubeObject = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z.object({ name: z.string(), namespace: z.string().optional() }).passthrough(),
  })
  .passthrough();

export const pageOf = <T extends z.ZodTypeAny>(item: T): z.ZodTypeAny =>
  z.object({ items: z.array(item), total: z.number().int(), nextCursor: z.string().nullable() });

export const accepted = z.object({ accepted: z.literal(true), message: z.string() });

export const sessionBody = z.object({ username: z.string().min(1), password: z.string().min(1) });
export const sessionAnswer = z.object({
  user: z.string(),
  roles: z.array(z.object({ role: z.enum(['viewer', 'deployer', 'admin']), project: z.string() })),
  csrfToken: z.string().nullable(),
});

export const tokenSchema = z.object({
  id: z.string(),
  user: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
});
export const tokenBody = z.object({ name: z.string().min(1).max(100) });

export const applicationSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  project: z.string(),
  repoURL: z.string().nullable(),
  path: z.string().nullable(),
  targetRevision: z.string().nullable(),
  sync: z.string(),
  health: z.string(),
  revision: z.string().nullable(),
  syncedAt: z.string().nullable(),
  operation: z.string().nullable(),
});
export const applicationsQuery = z.object({
  sync: z.string().optional(),
  health: z.string().optional(),
  project: z.string().optional(),
  namespace: z.string().optional(),
  q: z.string().optional(),
});
export const syncBody = z.object({
  revision: z.string().min(1).optional(),
  prune: z.boolean().optional(),
});
export const rollbackBody = z.object({ id: z.coerce.number().int() });

export const rolloutSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  project: z.string(),
  phase: z.string(),
  message: z.string().nullable(),
  replicas: z.number().int(),
  readyReplicas: z.number().int(),
  step: z.number().int().nullable(),
  steps: z.number().int(),
  canaryWeight: z.number().nullable(),
  aborted: z.boolean(),
});
export const rolloutsQuery = z.object({
  phase: z.string().optional(),
  project: z.string().optional(),
  namespace: z.string().optional(),
  q: z.string().optional(),
});
export const promoteBody = z.object({ full: z.boolean().optional() });
export const undoBody = z.object({ toRevision: z.coerce.number().int().min(1).optional() });

export const runSummary = z.object({
  id: z.string(),
  pipeline: z.string(),
  repo: z.string(),
  status: z.string(),
  event: z.object({ kind: z.string(), ref: z.string(), sha: z.string() }).passthrough(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  failures: z.array(z.string()),
});
export const runsQuery = z.object({
  pipeline: z.string().optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
  repo: z.string().optional(),
});
export const logsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(5000),
});
export const logLine = z.object({
  seq: z.number().int(),
  job: z.string(),
  step: z.string(),
  time: z.string(),
  line: z.string(),
});
export const artifactParams = z.object({ id: z.string().min(1), name: z.string().min(1) });

export const pipelineSummary = z.object({
  name: z.string(),
  repo: z.string(),
  project: z.string(),
  lastRun: runSummary,
});

export const auditQuery = z.object({
  project: z.string().optional(),
  who: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().optional(),
});
export const auditEntry = z.object({
  who: z.string(),
  action: z.string(),
  target: z.string(),
  project: z.string(),
  at: z.string(),
  from: z.string(),
  outcome: z.enum(['allowed', 'denied', 'failed']),
  detail: z.string().optional(),
});

export const deliveryQuery = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
});
export const eventsQuery = z.object({ topics: z.string().optional() });
