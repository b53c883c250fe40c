import type { CanaryStep } from '../../../config/rollout.js';
import type { KubeObject } from '../../../kube/index.js';
import { weightAtStep } from '../../../rollout/canary/canary-input.js';
import {
  hashOf,
  revisionOf,
  stepsOf,
  stepText,
  type RolloutView,
} from '../../../rollout/actions/index.js';
import { table } from './rollout-context.js';

// Drawing `rollout get` and `rollout list` as `kubectl argo rollouts` does. Everything here is pure.

/** What `rollout get` shows: the Rollout and what it owns, read at one moment. */
export type RolloutSnapshot = {
  readonly rollout: RolloutView;
  /** Newest revision first. */
  readonly replicaSets: readonly KubeObject[];
  readonly pods: readonly KubeObject[];
  readonly analysisRuns: readonly KubeObject[];
};

const phaseSymbols: Readonly<Record<string, string>> = {
  Healthy: '✔',
  Paused: '॥',
  Progressing: '◌',
  Degraded: '✖',
};

export function phaseText(phase: string | undefined): string {
  if (phase === undefined) return '? Unknown';
  return `${phaseSymbols[phase] ?? '?'} ${phase}`;
}

/** ✔ done, ► current, · pending. */
export function stepLines(steps: readonly CanaryStep[], current: number): string[] {
  return steps.map((step, i) => {
    const marker = i < current ? '✔' : i === current ? '►' : '·';
    return `  ${marker} ${String(i).padStart(2)}  ${stepText(step)}`;
  });
}

export type ReplicaSetRole = 'stable' | 'canary' | '';

export function replicaSetRole(rs: KubeObject, rollout: RolloutView): ReplicaSetRole {
  const hash = hashOf(rs);
  if (hash === '') return '';
  if (hash === rollout.status?.stableRS) return 'stable';
  if (hash === rollout.status?.currentPodHash) return 'canary';
  return '';
}

type ReplicaSetView = {
  spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
  status?: { readyReplicas?: number };
};

const rsView = (rs: KubeObject): ReplicaSetView => rs as ReplicaSetView;

/** The images the stable and canary ReplicaSets (and any still with pods) run, tagged. */
export function imageLines(snapshot: RolloutSnapshot): string[] {
  const tags = new Map<string, string[]>();
  for (const rs of snapshot.replicaSets) {
    const role = replicaSetRole(rs, snapshot.rollout);
    if (role === '' && (rsView(rs).spec?.replicas ?? 0) === 0) continue;
    for (const c of rsView(rs).spec?.template?.spec?.containers ?? []) {
      const image = c.image ?? '?';
      const list = tags.get(image) ?? [];
      if (role !== '' && !list.includes(role)) list.push(role);
      tags.set(image, list);
    }
  }
  return [...tags].map(([image, roles]) =>
    roles.length ? `${image} (${roles.join(', ')})` : image,
  );
}

function headerLines(snapshot: RolloutSnapshot): string[] {
  const { rollout } = snapshot;
  const s = rollout.status ?? {};
  const steps = stepsOf(rollout);
  const index = s.currentStepIndex ?? 0;
  const images = imageLines(snapshot);
  const actual = s.canary?.weights?.canary.weight;
  return [
    `Name:            ${rollout.metadata.name}`,
    `Namespace:       ${rollout.metadata.namespace ?? ''}`,
    `Status:          ${phaseText(s.phase)}`,
    ...(s.message ? [`Message:         ${s.message}`] : []),
    'Strategy:        Canary',
    `  Step:          ${steps.length ? `${Math.min(index, steps.length)}/${steps.length}` : '-'}`,
    `  SetWeight:     ${weightAtStep(steps, index)}`,
    `  ActualWeight:  ${actual ?? '-'}`,
    `Images:          ${images[0] ?? '-'}`,
    ...images.slice(1).map((i) => `                 ${i}`),
    'Replicas:',
    `  Desired:       ${rollout.spec?.replicas ?? 1}`,
    `  Current:       ${s.replicas ?? 0}`,
    `  Updated:       ${s.updatedReplicas ?? 0}`,
    `  Ready:         ${s.readyReplicas ?? 0}`,
    `  Available:     ${s.availableReplicas ?? 0}`,
  ];
}

type PodView = {
  metadata: { deletionTimestamp?: string };
  spec?: { containers?: unknown[] };
  status?: { phase?: string; containerStatuses?: { ready?: boolean; restartCount?: number }[] };
};

/** A pod's row: its phase, ready containers and restarts. */
export function podRow(pod: KubeObject, prefix: string): string[] {
  const p = pod as unknown as PodView;
  const statuses = p.status?.containerStatuses ?? [];
  const ready = statuses.filter((c) => c.ready === true).length;
  const restarts = statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0);
  const phase = p.metadata.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? 'Pending');
  const total = p.spec?.containers?.length ?? statuses.length;
  return [
    `${prefix}${pod.metadata.name}`,
    'Pod',
    phase,
    `ready:${ready}/${total}, restarts:${restarts}`,
  ];
}

const runPhase = (run: KubeObject): string =>
  (run['status'] as { phase?: string } | undefined)?.phase ?? 'Pending';

/** Rows for one revision: its ReplicaSet, the ReplicaSet's pods, then its AnalysisRuns. */
function revisionRows(snapshot: RolloutSnapshot, rs: KubeObject, indent: string): string[][] {
  const hash = hashOf(rs);
  const pods = snapshot.pods.filter((p) => hashOf(p) === hash);
  const runs = snapshot.analysisRuns.filter((r) => hashOf(r) === hash);
  const children: { row: (prefix: string) => string[] }[] = [
    ...pods.map((pod) => ({ row: (prefix: string) => podRow(pod, prefix) })),
    ...runs.map((run) => ({
      row: (prefix: string) => [`${prefix}${run.metadata.name}`, 'AnalysisRun', runPhase(run), ''],
    })),
  ];
  const view = rsView(rs);
  const role = replicaSetRole(rs, snapshot.rollout);
  return [
    [
      `${indent}├── ${rs.metadata.name}`,
      'ReplicaSet',
      role === '' ? ((view.spec?.replicas ?? 0) > 0 ? 'old' : 'scaled down') : role,
      `revision:${revisionOf(rs)}, ready:${view.status?.readyReplicas ?? 0}/${view.spec?.replicas ?? 0}`,
    ],
    ...children.map((c, i) => c.row(`${indent}│   ${i === children.length - 1 ? '└──' : '├──'} `)),
  ];
}

/** The tree below the Rollout: ReplicaSets by revision, newest first, with pods and runs. */
export function treeTable(snapshot: RolloutSnapshot): string {
  const { rollout } = snapshot;
  const rows = [
    ['NAME', 'KIND', 'STATUS', 'INFO'],
    [rollout.metadata.name, 'Rollout', phaseText(rollout.status?.phase), ''],
    ...snapshot.replicaSets.flatMap((rs) => revisionRows(snapshot, rs, '')),
  ];
  // The last ReplicaSet closes the tree: its branch and its children's rail change shape.
  const lastRs = rows.findLastIndex((r) => r[1] === 'ReplicaSet');
  return table(
    rows.map((row, i) => {
      if (lastRs < 0 || i < lastRs) return row;
      const [name = '', ...rest] = row;
      return [i === lastRs ? name.replace('├──', '└──') : name.replace('│', ' '), ...rest];
    }),
  )
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

export function renderRollout(snapshot: RolloutSnapshot): string {
  const steps = stepsOf(snapshot.rollout);
  const index = snapshot.rollout.status?.currentStepIndex ?? 0;
  return [
    ...headerLines(snapshot),
    ...(steps.length ? ['', 'Steps:', ...stepLines(steps, index)] : []),
    '',
    treeTable(snapshot),
  ].join('\n');
}

/** kubectl-style age: 45s, 12m, 5h, 3d. */
export function age(created: string | undefined, nowMs: number): string {
  const then = created === undefined ? NaN : Date.parse(created);
  if (Number.isNaN(then)) return '';
  const s = Math.max(0, Math.floor((nowMs - then) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** What a `rollout list` row shows; from a Rollout, or from the server's summary of one. */
export type RolloutListRow = {
  readonly namespace: string;
  readonly name: string;
  readonly desired: number;
  /** Undefined where the source does not say (the server's summary has no such count). */
  readonly current: number | undefined;
  readonly upToDate: number | undefined;
  readonly available: number;
  readonly phase: string;
  readonly step: number;
  readonly steps: number;
  readonly weight: number | undefined;
  readonly createdAt: string | undefined;
};

export function rolloutListRow(r: RolloutView): RolloutListRow {
  const s = r.status ?? {};
  return {
    namespace: r.metadata.namespace ?? '',
    name: r.metadata.name,
    desired: r.spec?.replicas ?? 1,
    current: s.replicas ?? 0,
    upToDate: s.updatedReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    phase: s.phase ?? 'Unknown',
    step: s.currentStepIndex ?? 0,
    steps: stepsOf(r).length,
    weight: s.canary?.weights?.canary.weight,
    createdAt: r.metadata['creationTimestamp'] as string | undefined,
  };
}

/** `rollout list`: one row per Rollout; with every namespace, a NAMESPACE column first. */
export function rolloutListTable(
  rollouts: readonly RolloutView[],
  nowMs: number,
  allNamespaces: boolean,
): string {
  return rolloutRowsTable(rollouts.map(rolloutListRow), nowMs, allNamespaces);
}

const count = (n: number | undefined): string => (n === undefined ? '-' : String(n));

export function rolloutRowsTable(
  rows: readonly RolloutListRow[],
  nowMs: number,
  allNamespaces: boolean,
): string {
  const head = ['NAME', 'DESIRED', 'CURRENT', 'UP-TO-DATE', 'AVAILABLE', 'PHASE', 'STEP', 'WEIGHT'];
  const cells = rows.map((r) => {
    const row = [
      r.name,
      String(r.desired),
      count(r.current),
      count(r.upToDate),
      String(r.available),
      r.phase,
      r.steps ? `${Math.min(r.step, r.steps)}/${r.steps}` : '-',
      count(r.weight),
      age(r.createdAt, nowMs),
    ];
    return allNamespaces ? [r.namespace, ...row] : row;
  });
  return table([[...(allNamespaces ? ['NAMESPACE'] : []), ...head, 'AGE'], ...cells]);
}
