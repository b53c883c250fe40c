import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { kwokStagesWithNotReady } from './kwok-stages.js';

const published = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-ready
spec:
  selector:
    matchExpressions:
    - key: .status.phase
      operator: In
      values: [Pending]
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-delete
spec: {}
`;

describe('kwokStagesWithNotReady', () => {
  it('keeps the published stages, makes pod-ready skip labelled pods and adds pod-not-ready', () => {
    const docs = parseAllDocuments(kwokStagesWithNotReady(published)).map(
      (d) =>
        d.toJS() as {
          metadata: { name: string };
          spec: { selector?: { matchExpressions: unknown[] } };
        },
    );
    expect(docs.map((d) => d.metadata.name)).toEqual(['pod-ready', 'pod-delete', 'pod-not-ready']);
    expect(docs[0]?.spec.selector?.matchExpressions).toContainEqual({
      key: '.metadata.labels["slipway.dev/kwok-not-ready"]',
      operator: 'DoesNotExist',
    });
  });

  it('refuses stages without pod-ready, which would leave every pod Pending', () => {
    expect(() => kwokStagesWithNotReady('kind: Stage\nmetadata: {name: other}\n')).toThrow(
      /no pod-ready/,
    );
  });
});
