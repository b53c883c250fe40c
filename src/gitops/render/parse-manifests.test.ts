import { describe, expect, it } from 'vitest';
import { parseManifests } from './parse-manifests.js';

describe('parseManifests', () => {
  it('reads every document, skipping empty ones, and expands a List', () => {
    const text = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: a}',
      '---',
      '# only a comment',
      '---',
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: v1, kind: Secret, metadata: {name: b}}',
      '- {apiVersion: v1, kind: Service, metadata: {name: c}}',
    ].join('\n');
    expect(parseManifests(text, 'app.yaml').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/a',
      'Secret/b',
      'Service/c',
    ]);
  });

  it('names the file and line of invalid YAML', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nkind: [unclosed\n';
    expect(() => parseManifests(text, 'apps/x/bad.yaml')).toThrow(
      /^apps\/x\/bad\.yaml:7: invalid YAML: Flow sequence/,
    );
  });

  it('names what an object lacks and where', () => {
    expect(() => parseManifests('kind: ConfigMap\nmetadata: {name: a}\n', 'a.yaml')).toThrow(
      'a.yaml:1: the object lacks apiVersion',
    );
    expect(() => parseManifests('- 1\n- 2\n', 'list.yaml')).toThrow(
      'list.yaml:1: a manifest must be a Kubernetes object, found a list',
    );
  });

  it('reads JSON too', () => {
    expect(
      parseManifests('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}', 'a.json'),
    ).toHaveLength(1);
  });
});
