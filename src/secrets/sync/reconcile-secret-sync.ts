import {
  parseSecretSyncSpec,
  type SecretSyncCondition,
  type SecretSyncSpec,
  type SecretSyncStatus,
} from '../../config/secret-sync.js';
import { SecretNotFoundError } from '../secret-errors.js';
import type { SecretProvider } from '../secret-types.js';
import { desiredSecret, inStep, ownedBy, type SecretSyncObject } from './desired-secret.js';
import type { SecretSyncEventType, SecretSyncKube } from './secret-sync-kube.js';

// One SecretSync, once: read the store → compare with the live Secret → write it only when it
// differs → record status. Values go only into the Secret: messages name keys and versions.

export type SecretSyncDeps = {
  readonly kube: SecretSyncKube;
  /** The store of a project (the built-in store in the server); may throw if it cannot open. */
  readonly providerFor: (project: string) => SecretProvider;
  readonly now: () => Date;
};

export type SecretSyncResult = {
  /** When to read the store again; absent for refreshInterval 0 after a success. */
  readonly requeueAfterMs?: number;
  /** Whether the Secret was written. */
  readonly wrote: boolean;
  readonly ready: boolean;
};

/** How soon a failed sync is retried when its refreshInterval is 0 (never) or longer. */
export const retryAfterFailureMs = 30_000;

export const secretSyncReasons = {
  synced: 'SecretSynced',
  invalidSpec: 'InvalidSpec',
  remoteKeyMissing: 'RemoteKeyMissing',
  storeUnavailable: 'StoreUnavailable',
  secretNotOwned: 'SecretNotOwned',
  secretWriteFailed: 'SecretWriteFailed',
} as const;

type Failure = { readonly reason: string; readonly message: string };
type Remote = { values: Map<string, string>; versions: Record<string, string> };

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Every remote key's value, or a failure naming what is missing (never a value). A missing key
 * fails the whole sync, so the Secret never holds a mix of old and partial data.
 */
async function readRemote(deps: SecretSyncDeps, spec: SecretSyncSpec): Promise<Remote | Failure> {
  const project = spec.secretStoreRef.project;
  let provider: SecretProvider;
  try {
    provider = deps.providerFor(project);
  } catch (error) {
    return {
      reason: secretSyncReasons.storeUnavailable,
      message: `the secret store of project ${project} could not be opened: ${messageOf(error)}`,
    };
  }
  const remote: Remote = { values: new Map(), versions: {} };
  const missing: string[] = [];
  for (const [index, item] of spec.data.entries()) {
    const { key, version } = item.remoteRef;
    try {
      const secret = await provider.get(key, version);
      remote.values.set(item.secretKey, secret.value);
      remote.versions[item.secretKey] = secret.version;
    } catch (error) {
      if (!(error instanceof SecretNotFoundError))
        return {
          reason: secretSyncReasons.storeUnavailable,
          message: `data[${index}].remoteRef.key ${key}: ${messageOf(error)}`,
        };
      missing.push(`data[${index}].remoteRef.key: ${error.message} in project ${project}`);
    }
  }
  if (missing.length === 0) return remote;
  return {
    reason: secretSyncReasons.remoteKeyMissing,
    message: `${missing.join('; ')}; the Secret ${spec.target.name} keeps its last synced data`,
  };
}

function readyCondition(
  previous: SecretSyncStatus | undefined,
  status: 'True' | 'False',
  reason: string,
  message: string,
  now: Date,
): SecretSyncCondition {
  const before = previous?.conditions.find((c) => c.type === 'Ready');
  return {
    type: 'Ready',
    status,
    reason,
    message,
    lastTransitionTime: before?.status === status ? before.lastTransitionTime : now.toISOString(),
  };
}

const previousStatus = (sync: SecretSyncObject): SecretSyncStatus | undefined => {
  const status = sync.status as Partial<SecretSyncStatus> | undefined;
  return Array.isArray(status?.conditions) ? (status as SecretSyncStatus) : undefined;
};

/** Events are best-effort, as client-go's recorder: a refused Event must not stop the sync. */
async function recordEvent(
  deps: SecretSyncDeps,
  sync: SecretSyncObject,
  type: SecretSyncEventType,
  reason: string,
  message: string,
): Promise<void> {
  try {
    await deps.kube.recordEvent(sync, type, reason, message);
  } catch {
    // Nothing to do: the status carries the same message.
  }
}

async function recordFailure(
  deps: SecretSyncDeps,
  sync: SecretSyncObject,
  failure: Failure,
  refreshMs: number | 'on-edit',
): Promise<SecretSyncResult> {
  const previous = previousStatus(sync);
  const condition = readyCondition(previous, 'False', failure.reason, failure.message, deps.now());
  const status: SecretSyncStatus = {
    conditions: [condition],
    syncedVersions: previous?.syncedVersions ?? {},
    ...(previous?.refreshTime ? { refreshTime: previous.refreshTime } : {}),
    ...(sync.metadata.generation !== undefined
      ? { observedGeneration: sync.metadata.generation }
      : {}),
  };
  const before = previous?.conditions.find((c) => c.type === 'Ready');
  if (before?.reason !== failure.reason || before.message !== failure.message)
    await recordEvent(deps, sync, 'Warning', failure.reason, failure.message);
  await deps.kube.writeStatus(sync.metadata.namespace ?? 'default', sync.metadata.name, status);
  if (refreshMs === 'on-edit') return { wrote: false, ready: false };
  const retryMs = refreshMs > 0 ? Math.min(refreshMs, retryAfterFailureMs) : retryAfterFailureMs;
  return { wrote: false, ready: false, requeueAfterMs: retryMs };
}

/** Brings one SecretSync's Secret in step with its store and records the outcome in status. */
export async function reconcileSecretSync(
  deps: SecretSyncDeps,
  sync: SecretSyncObject,
): Promise<SecretSyncResult> {
  const namespace = sync.metadata.namespace ?? 'default';
  let parsed: { spec: SecretSyncSpec; refreshMs: number };
  try {
    parsed = parseSecretSyncSpec(sync.spec, `SecretSync ${namespace}/${sync.metadata.name}`);
  } catch (error) {
    const failure = { reason: secretSyncReasons.invalidSpec, message: messageOf(error) };
    // A spec only changes by an edit, which requeues it: no timer.
    return recordFailure(deps, sync, failure, 'on-edit');
  }
  const { spec, refreshMs } = parsed;
  const remote = await readRemote(deps, spec);
  if (!('values' in remote)) return recordFailure(deps, sync, remote, refreshMs);

  const live = await deps.kube.getSecret(namespace, spec.target.name);
  if (live !== undefined && !ownedBy(live, sync)) {
    const failure = {
      reason: secretSyncReasons.secretNotOwned,
      message: `Secret ${namespace}/${spec.target.name} exists and is not controlled by this SecretSync; it is left alone (delete it, or choose another spec.target.name)`,
    };
    return recordFailure(deps, sync, failure, refreshMs);
  }
  const desired = desiredSecret(sync, spec, remote.values);
  const previous = previousStatus(sync);
  const specChanged = previous?.observedGeneration !== sync.metadata.generation;
  const wrote = live === undefined || specChanged || !inStep(live, desired);
  if (wrote) {
    try {
      await deps.kube.applySecret(desired);
    } catch (error) {
      const failure = {
        reason: secretSyncReasons.secretWriteFailed,
        message: `Secret ${namespace}/${spec.target.name} could not be written: ${messageOf(error)}`,
      };
      return recordFailure(deps, sync, failure, refreshMs);
    }
    const versions = Object.entries(remote.versions).map(([k, v]) => `${k}@${v}`);
    await recordEvent(
      deps,
      sync,
      'Normal',
      live === undefined ? 'Created' : 'Updated',
      `Secret ${spec.target.name} now holds ${versions.join(', ')} from project ${spec.secretStoreRef.project}`,
    );
  }
  const now = deps.now();
  const message = `Secret ${spec.target.name} holds ${spec.data.length} key(s) from project ${spec.secretStoreRef.project}`;
  await deps.kube.writeStatus(namespace, sync.metadata.name, {
    conditions: [readyCondition(previous, 'True', secretSyncReasons.synced, message, now)],
    syncedVersions: remote.versions,
    refreshTime: now.toISOString(),
    ...(sync.metadata.generation !== undefined
      ? { observedGeneration: sync.metadata.generation }
      : {}),
  });
  return { wrote, ready: true, ...(refreshMs > 0 ? { requeueAfterMs: refreshMs } : {}) };
}
