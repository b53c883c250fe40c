import { describe, expect, it } from 'vitest';
import type { CanaryStep } from '../../../config/rollout.js';
import type { KubeObject } from '../../../kube/index.js';
import {
  age,
  imageLines,
  phaseText,
  podRow,
  renderRollout,
  rolloutListTable,
  stepLines,
  treeTable,
  type RolloutSnapshot,
} from './render-rollout.js';
import type { RolloutView } from '../../../rollout/actions/index.js';

const steps: CanaryStep[] = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 50 },
  { pause: { duration: '10s' } },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
];

function rollout(status: RolloutView['status'] = {}): RolloutView {
  return {
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'demo', namespace: 'shop', uid: 'u1', generation: 2 },
    spec: { replicas: 5, strategy: { canary: { steps } } },
    status,
  };
}

function replicaSet(hash: string, revision: number, image: string, replicas: number): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `demo-${hash}`,
      labels: { 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
    },
    spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } } },
    status: { readyReplicas: replicas },
  };
}

function pod(name: string, hash: string, ready: boolean, restarts = 0): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { 'rollouts-pod-template-hash': hash } },
    spec: { containers: [{ name: 'app' }] },
    status: { phase: 'Running', containerStatuses: [{ ready, restartCount: restarts }] },
  };
}

const paused = rollout({
  phase: 'Paused',
  message: 'CanaryPauseStep',
  currentStepIndex: 1,
  stableRS: 'aaa',
  currentPodHash: 'bbb',
  replicas: 6,
  updatedReplicas: 1,
  readyReplicas: 6,
  availableReplicas: 6,
  canary: {
    weights: {
      canary: { podTemplateHash: 'bbb', weight: 20 },
      stable: { podTemplateHash: 'aaa', weight: 80 },
    },
  },
});

const snapshot: RolloutSnapshot = {
  rollout: paused,
  replicaSets: [
    replicaSet('bbb', 2, 'shop:2.0', 1),
    replicaSet('aaa', 1, 'shop:1.0', 5),
    replicaSet('zzz', 0, 'shop:0.9', 0),
  ],
  pods: [pod('demo-bbb-x1', 'bbb', false, 2), pod('demo-aaa-y1', 'aaa', true)],
  analysisRuns: [
    {
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'AnalysisRun',
      metadata: { name: 'demo-bbb-2-4', labels: { 'rollouts-pod-template-hash': 'bbb' } },
      status: { phase: 'Running' },
    },
  ],
};

describe('phaseText', () => {
  it.each([
    ['Healthy', '✔ Healthy'],
    ['Paused', '॥ Paused'],
    ['Progressing', '◌ Progressing'],
    ['Degraded', '✖ Degraded'],
    [undefined, '? Unknown'],
  ])('shows %s as %s', (phase, text) => {
    expect(phaseText(phase)).toBe(text);
  });
});

describe('stepLines', () => {
  it.each([
    [0, ['►', '·', '·', '·', '·']],
    [2, ['✔', '✔', '►', '·', '·']],
    [5, ['✔', '✔', '✔', '✔', '✔']],
  ])('at step %i marks done, current and pending', (index, markers) => {
    expect(stepLines(steps, index).map((l) => l.trim()[0])).toEqual(markers);
  });
});

describe('imageLines', () => {
  it('tags the stable and canary images and leaves out scaled-down revisions', () => {
    expect(imageLines(snapshot)).toEqual(['shop:2.0 (canary)', 'shop:1.0 (stable)']);
  });

  it('shows one image once when stable and canary run it', () => {
    const same: RolloutSnapshot = {
      ...snapshot,
      rollout: rollout({ stableRS: 'aaa', currentPodHash: 'aaa' }),
      replicaSets: [replicaSet('aaa', 1, 'shop:1.0', 5)],
    };
    expect(imageLines(same)).toEqual(['shop:1.0 (stable)']);
  });
});

describe('podRow', () => {
  it('shows ready containers and restarts, and Terminating for a deleted pod', () => {
    expect(podRow(pod('p', 'h', false, 3), '')).toEqual([
      'p',
      'Pod',
      'Running',
      'ready:0/1, restarts:3',
    ]);
    const leaving = pod('q', 'h', true);
    leaving.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    expect(podRow(leaving, '')[2]).toBe('Terminating');
  });
});

describe('renderRollout', () => {
  const text = renderRollout(snapshot);

  it.each([
    'Name:            demo',
    'Namespace:       shop',
    'Status:          ॥ Paused',
    'Message:         CanaryPauseStep',
    'Strategy:        Canary',
    '  Step:          1/5',
    '  SetWeight:     20',
    '  ActualWeight:  20',
    'Images:          shop:2.0 (canary)',
    '                 shop:1.0 (stable)',
    '  Desired:       5',
    '  Current:       6',
    '  Updated:       1',
    '  ✔  0  setWeight: 20',
    '  ►  1  pause: {}',
    '  ·  3  pause: 10s',
    '  ·  4  analysis: success-rate',
  ])('has the line %s', (line) => {
    expect(text.split('\n')).toContain(line);
  });

  it('leaves out the steps of a Rollout without steps', () => {
    const plain = { ...paused, spec: { replicas: 1, strategy: { canary: {} } } };
    const out = renderRollout({ ...snapshot, rollout: plain });
    expect(out).not.toContain('Steps:');
    expect(out).toContain('  Step:          -');
    expect(out).toContain('  SetWeight:     100');
  });
});

describe('treeTable', () => {
  it('draws ReplicaSets newest first with their pods and runs, closing the last branch', () => {
    const lines = treeTable(snapshot)
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'NAME KIND STATUS INFO',
      'demo Rollout ॥ Paused',
      '├── demo-bbb ReplicaSet canary revision:2, ready:1/1',
      '│ ├── demo-bbb-x1 Pod Running ready:0/1, restarts:2',
      '│ └── demo-bbb-2-4 AnalysisRun Running',
      '├── demo-aaa ReplicaSet stable revision:1, ready:5/5',
      '│ └── demo-aaa-y1 Pod Running ready:1/1, restarts:0',
      '└── demo-zzz ReplicaSet scaled down revision:0, ready:0/0',
    ]);
  });
});

describe('age', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  it.each([
    ['2024-05-01T11:59:15Z', '45s'],
    ['2024-05-01T11:48:00Z', '12m'],
    ['2024-05-01T07:00:00Z', '5h'],
    ['2024-04-28T12:00:00Z', '3d'],
    [undefined, ''],
    ['not a time', ''],
  ])('from %s is %s', (created, text) => {
    expect(age(created, now)).toBe(text);
  });
});

describe('rolloutListTable', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  const listed = {
    ...paused,
    metadata: { ...paused.metadata, creationTimestamp: '2024-05-01T11:00:00Z' },
  };

  it('shows replicas, phase, step and weight', () => {
    const [head, row] = rolloutListTable([listed], now, false)
      .split('\n')
      .map((l) => l.split(/\s{2,}/));
    expect(head).toEqual([
      'NAME',
      'DESIRED',
      'CURRENT',
      'UP-TO-DATE',
      'AVAILABLE',
      'PHASE',
      'STEP',
      'WEIGHT',
      'AGE',
    ]);
    expect(row).toEqual(['demo', '5', '6', '1', '6', 'Paused', '1/5', '20', '1h']);
  });

  it('adds the namespace with -A', () => {
    const [head, row] = rolloutListTable([listed], now, true).split('\n');
    expect(head?.startsWith('NAMESPACE')).toBe(true);
    expect(row?.startsWith('shop')).toBe(true);
  });
});
