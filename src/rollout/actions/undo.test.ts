import { describe, expect, it } from 'vitest';
import type { PodTemplate } from '../../config/rollout.js';
import { InputError } from '../../errors/index.js';
import type { KubeObject } from '../../kube/index.js';
import { podTemplateHash } from '../canary/pod-template-hash.js';
import {
  chooseUndoTarget,
  refuseWorkloadRef,
  restoredTemplate,
  templateOf,
  undoPatch,
} from './undo.js';

const authored: PodTemplate = {
  metadata: { labels: { app: 'shop' } },
  spec: { containers: [{ name: 'app', image: 'shop:1', ports: [{ containerPort: 8080 }] }] },
};

/** The template as the API server stores it in a ReplicaSet: hash label and defaults added. */
function stored(template: PodTemplate, hash: string): PodTemplate {
  const containers = (template.spec['containers'] as Record<string, unknown>[]).map((c) => ({
    ...c,
    ...(c['ports']
      ? { ports: (c['ports'] as object[]).map((p) => ({ ...p, protocol: 'TCP' })) }
      : {}),
    imagePullPolicy: c['imagePullPolicy'] ?? 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    resources: {},
  }));
  return {
    metadata: {
      creationTimestamp: null,
      labels: { ...template.metadata?.labels, 'rollouts-pod-template-hash': hash },
    },
    spec: {
      ...template.spec,
      containers,
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
}

function replicaSet(revision: number, hash: string, template?: PodTemplate): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `demo-${hash}`,
      labels: { 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
    },
    spec: { template: template ?? stored(authored, hash) },
  };
}

const sets = [replicaSet(1, 'h1'), replicaSet(3, 'h3'), replicaSet(4, 'h4'), replicaSet(2, 'h2')];

describe('chooseUndoTarget', () => {
  it.each([
    ['h4', undefined, 'demo-h3'],
    ['h3', undefined, 'demo-h2'],
    ['h4', 1, 'demo-h1'],
    ['h2', 4, 'demo-h4'],
    ['unknown', undefined, 'demo-h4'],
  ])('with current %s and --to-revision %j picks %s', (current, to, name) => {
    expect(chooseUndoTarget('demo', sets, current, to).metadata.name).toBe(name);
  });

  it.each([
    ['h1', undefined, 'rollout "demo" has no revision before the current one'],
    ['h4', 9, 'rollout "demo" has no revision 9'],
    ['h4', 4, 'revision 4 is rollout "demo"\'s current one'],
  ])('with current %s and --to-revision %j refuses: %s', (current, to, message) => {
    const act = (): unknown => chooseUndoTarget('demo', sets, current, to);
    expect(act).toThrow(message);
    try {
      act();
    } catch (error) {
      expect((error as InputError).hint).toContain(
        `revisions: 4${current === 'h4' ? ' (current)' : ''}, 3, 2, 1${current === 'h1' ? ' (current)' : ''}`,
      );
    }
  });
});

describe('templateOf', () => {
  it('drops the pod-template hash label and the null creationTimestamp', () => {
    const t = templateOf(replicaSet(1, 'h1'));
    expect(t.metadata).toEqual({ labels: { app: 'shop' } });
  });
});

describe('restoredTemplate', () => {
  it('recovers the authored template when the stored one only gained server defaults', () => {
    const hash = podTemplateHash(authored);
    const result = restoredTemplate(replicaSet(1, hash, stored(authored, hash)));
    expect(result).toEqual({ template: authored, reusesReplicaSet: true });
  });

  it('keeps an imagePullPolicy the author wrote out', () => {
    const withPolicy: PodTemplate = {
      ...authored,
      spec: { containers: [{ name: 'app', image: 'shop:1', imagePullPolicy: 'IfNotPresent' }] },
    };
    const hash = podTemplateHash(withPolicy);
    const result = restoredTemplate(replicaSet(1, hash, stored(withPolicy, hash)));
    expect(result).toEqual({ template: withPolicy, reusesReplicaSet: true });
  });

  it('says when no copy hashes as the ReplicaSet did (it will be a new revision)', () => {
    expect(restoredTemplate(replicaSet(1, 'h1')).reusesReplicaSet).toBe(false);
  });
});

describe('undo', () => {
  it('replaces spec.template whole with a JSON Patch', () => {
    expect(undoPatch(authored)).toEqual([
      { op: 'replace', path: '/spec/template', value: authored },
    ]);
  });

  it('refuses a Rollout whose template comes from a Deployment', () => {
    expect(() =>
      refuseWorkloadRef({
        apiVersion: 'slipway.dev/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'demo' },
        spec: { workloadRef: { kind: 'Deployment', name: 'shop' } },
      }),
    ).toThrow('rollout "demo" takes its template from Deployment "shop"');
  });
});
