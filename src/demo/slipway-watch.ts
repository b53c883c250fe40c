import { StateError } from '../errors/index.js';
import type { ServerClient } from '../cli/server-client.js';
import type { RunRecord } from '../store/index.js';
import { pollUntil } from '../waiting/index.js';

// What the demo waits for, read through Slipway's own API as the UI reads it: a pipeline run of
// a commit, a preview, an Application's sync and a Rollout's step. Each wait that runs out of
// time says what it saw last and where to look.

type RunRow = {
  readonly id: string;
  readonly pipeline: string;
  readonly status: string;
  readonly event: { readonly sha: string };
};
type Page<T> = { readonly items: readonly T[] };

export type PreviewRow = {
  readonly pr: number;
  readonly app: string;
  readonly namespace: string;
  readonly url: string | null;
  readonly status: string;
  readonly message: string | null;
};

export type RolloutRow = {
  readonly phase: string;
  readonly step: number | null;
  readonly steps: number;
  readonly canaryWeight: number | null;
  readonly readyReplicas: number;
  readonly replicas: number;
  readonly message: string | null;
};

export type RolloutDetail = {
  readonly summary: RolloutRow;
  readonly status?: { readonly stableRS?: string; readonly currentPodHash?: string };
  readonly pods?: readonly {
    readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
    readonly status?: {
      readonly containerStatuses?: readonly {
        readonly imageID?: string;
        readonly ready?: boolean;
      }[];
    };
  }[];
};

const finished = new Set(['succeeded', 'failed', 'cancelled']);

async function optional<T>(request: Promise<{ body: T }>): Promise<T | undefined> {
  try {
    return (await request).body;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

/** The run of `pipeline` for commit `sha`, once it has finished; its status as it goes. */
export async function awaitRun(
  api: ServerClient,
  pipeline: string,
  sha: string,
  timeoutMs: number,
  onStatus: (status: string) => void = () => undefined,
): Promise<RunRecord> {
  let seen = 'not started';
  const run = await pollUntil(
    timeoutMs,
    async () => {
      const page = (
        await api.request<Page<RunRow>>(
          'GET',
          `/api/runs?pipeline=${encodeURIComponent(pipeline)}&limit=50`,
        )
      ).body;
      const row = page.items.find((r) => r.event.sha === sha);
      if (row === undefined) return undefined;
      if (row.status !== seen) onStatus((seen = row.status));
      if (!finished.has(row.status)) return undefined;
      return (await api.request<RunRecord>('GET', `/api/runs/${row.id}`)).body;
    },
    1000,
  );
  if (run === undefined) {
    throw new StateError(
      `the ${pipeline} run of ${sha.slice(0, 12)} did not finish within ${timeoutMs / 1000} s (last: ${seen})`,
      {
        hint:
          seen === 'not started'
            ? 'check that the Git host delivered its webhook (slipway up log) and that --pipeline-repos names the repository'
            : `read its log: slipway pipeline logs <run id> (see slipway pipeline list)`,
      },
    );
  }
  return run;
}

/** The preview of `app` for pull request `pr` once it is Ready (or Failed: then it throws). */
export async function awaitPreview(
  api: ServerClient,
  app: string,
  pr: number,
  timeoutMs: number,
): Promise<PreviewRow> {
  let last: PreviewRow | undefined;
  const ready = await pollUntil(
    timeoutMs,
    async () => {
      const page = (await api.request<Page<PreviewRow>>('GET', '/api/previews')).body;
      last = page.items.find((p) => p.app === app && p.pr === pr);
      if (last?.status === 'Failed' || last?.status === 'Degraded')
        throw new StateError(
          `the preview of PR #${pr} is ${last.status}: ${last.message ?? 'no message'}`,
          {
            hint: 'slipway preview list shows it; the slipway up log has the details',
          },
        );
      return last?.status === 'Ready' ? last : undefined;
    },
    1000,
  );
  if (ready === undefined)
    throw new StateError(
      `the preview of PR #${pr} was not Ready within ${timeoutMs / 1000} s (last: ${last?.status ?? 'none'} ${last?.message ?? ''})`,
    );
  return ready;
}

/** Resolves once no preview of `app` for `pr` is listed. */
export async function awaitPreviewGone(
  api: ServerClient,
  app: string,
  pr: number,
  timeoutMs: number,
): Promise<void> {
  const gone = await pollUntil(
    timeoutMs,
    async () => {
      const page = (await api.request<Page<PreviewRow>>('GET', '/api/previews')).body;
      return page.items.some((p) => p.app === app && p.pr === pr) ? undefined : true;
    },
    1000,
  );
  if (gone === undefined)
    throw new StateError(`the preview of PR #${pr} was still listed after ${timeoutMs / 1000} s`, {
      hint: 'slipway preview delete can remove it by hand',
    });
}

/** The Rollout once `check` holds; the last summary when it never does. */
export async function awaitRollout(
  api: ServerClient,
  namespace: string,
  name: string,
  what: string,
  check: (r: RolloutDetail) => boolean,
  timeoutMs: number,
): Promise<RolloutDetail> {
  let last: RolloutDetail | undefined;
  const done = await pollUntil(
    timeoutMs,
    async () => {
      last = await optional(
        api.request<RolloutDetail>('GET', `/api/rollouts/${namespace}/${name}`),
      );
      return last !== undefined && check(last) ? last : undefined;
    },
    1000,
  );
  if (done === undefined) {
    const s = last?.summary;
    throw new StateError(
      `Rollout ${namespace}/${name} was not ${what} within ${timeoutMs / 1000} s (last: ${s === undefined ? 'not found' : `${s.phase}, step ${String(s.step)}/${s.steps}, canary weight ${String(s.canaryWeight)}, ${s.readyReplicas}/${s.replicas} ready${s.message === null ? '' : `, ${s.message}`}`})`,
      {
        hint: `slipway rollout get ${name} -n ${namespace}`,
      },
    );
  }
  return done;
}

/** The image digests (`sha256:…`) the Rollout's ready pods of one pod hash run. */
export function podDigests(rollout: RolloutDetail, podHash: string): string[] {
  return (rollout.pods ?? [])
    .filter((p) => p.metadata.labels?.['rollouts-pod-template-hash'] === podHash)
    .flatMap((p) => p.status?.containerStatuses ?? [])
    .filter((c) => c.ready === true)
    .map((c) => /sha256:[0-9a-f]{64}/.exec(c.imageID ?? '')?.[0] ?? '');
}
