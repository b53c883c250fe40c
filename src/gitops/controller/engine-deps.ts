import type { RepoCache } from '../../git/index.js';
import type { ObjectClient } from '../../kube/index.js';
import type { RenderCache, RenderTools } from '../render/index.js';

/** What the reconcile functions use to reach the world; tests build it from the real cluster. */
export type EngineDeps = {
  /** The cluster Slipway runs against: Applications, their status, credential Secrets. */
  readonly control: ObjectClient;
  /** Where an Application's objects go: the control cluster, or one registered as a Secret. */
  readonly client: ObjectClient;
  readonly repos: RepoCache;
  readonly renders: RenderCache;
  readonly renderTools: RenderTools;
  /** Namespaces searched for repository credential Secrets, besides the Application's own. */
  readonly credentialNamespaces: readonly string[];
  readonly now: () => Date;
  /** How long a sync waits for one wave to become healthy before the next. */
  readonly waveTimeoutMs: number;
};
