import { parseAllDocuments, stringify } from 'yaml';

/**
 * The pod label that makes kwok keep a pod Running but never Ready: a crash-looping canary
 * for tests of progress deadlines, without a real crash on a real node.
 */
export const kwokNotReadyLabel = 'slipway.dev/kwok-not-ready';

const labelKey = `.metadata.labels["${kwokNotReadyLabel}"]`;

const notReadyStage = {
  apiVersion: 'kwok.x-k8s.io/v1alpha1',
  kind: 'Stage',
  metadata: { name: 'pod-not-ready' },
  spec: {
    resourceRef: { apiGroup: 'v1', kind: 'Pod' },
    selector: {
      matchExpressions: [
        { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
        { key: '.status.phase', operator: 'In', values: ['Pending'] },
        { key: labelKey, operator: 'Exists' },
      ],
    },
    next: {
      statusTemplate: [
        '{{ $now := Now }}',
        'conditions:',
        '- lastTransitionTime: {{ $now | Quote }}',
        '  status: "False"',
        '  type: Ready',
        '  reason: ContainersNotReady',
        'containerStatuses:',
        '{{ range .spec.containers }}',
        '- image: {{ .image | Quote }}',
        '  name: {{ .name | Quote }}',
        '  ready: false',
        '  restartCount: 3',
        '  state:',
        '    waiting:',
        '      reason: CrashLoopBackOff',
        '{{ end }}',
        'phase: Running',
        'startTime: {{ $now | Quote }}',
        '',
      ].join('\n'),
    },
  },
};

type StageDoc = {
  metadata?: { name?: string };
  spec?: { selector?: { matchExpressions?: unknown[] } };
};

/**
 * kwok's published stages plus one of Slipway's: pods labelled `slipway.dev/kwok-not-ready`
 * never become Ready (the stock pod-ready stage is told to skip them). Pure.
 */
export function kwokStagesWithNotReady(published: string): string {
  const docs = parseAllDocuments(published).map((d) => d.toJS() as StageDoc | null);
  const stages = docs.filter((d): d is StageDoc => d !== null);
  for (const stage of stages) {
    if (stage.metadata?.name !== 'pod-ready') continue;
    const expressions = stage.spec?.selector?.matchExpressions;
    if (expressions === undefined) throw new Error('kwok pod-ready stage has no selector');
    expressions.push({ key: labelKey, operator: 'DoesNotExist' });
  }
  if (!stages.some((s) => s.metadata?.name === 'pod-ready'))
    throw new Error('kwok stages have no pod-ready stage to extend');
  return [...stages, notReadyStage].map((s) => stringify(s)).join('---\n');
}
