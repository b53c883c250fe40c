import type { Logger } from 'pino';
import type { ObjectClient } from '../../kube/index.js';
import type { ObjectCache } from './object-cache.js';

/** What a Rollout reconcile reads from and writes to. */
export type RolloutDeps = {
  readonly client: ObjectClient;
  readonly rollouts: ObjectCache;
  readonly replicaSets: ObjectCache;
  readonly analysisRuns: ObjectCache;
  readonly now: () => Date;
  readonly log: Logger;
};
