import { describe, expect, it } from 'vitest';
import { namesImage, setHelmValue, setKustomizeImage, setManifestImages } from './gitops-edit.js';

const repo = '127.0.0.1:5000/shop/web';
const digest = `sha256:${'b'.repeat(64)}`;

describe('setKustomizeImage', () => {
  it.each([
    [
      'replaces newTag with the digest, keeping comments and order',
      '# the web app\nresources:\n  - deployment.yaml # main\nimages:\n  - name: 127.0.0.1:5000/shop/web\n    newTag: "1.0" # bumped by CI\n  - name: other\n    newTag: v2\n',
      `# the web app\nresources:\n  - deployment.yaml # main\nimages:\n  - name: 127.0.0.1:5000/shop/web\n    digest: ${digest}\n  - name: other\n    newTag: v2\n`,
    ],
    [
      'adds an entry to existing images',
      'images:\n  - name: other\n    newTag: v2\n',
      `images:\n  - name: other\n    newTag: v2\n  - name: ${repo}\n    digest: ${digest}\n`,
    ],
    [
      'adds images when there are none',
      'resources:\n  - a.yaml\n',
      `resources:\n  - a.yaml\nimages:\n  - name: ${repo}\n    digest: ${digest}\n`,
    ],
    [
      'keeps newName',
      `images:\n  - name: ${repo}\n    newName: mirror/web\n    digest: sha256:${'a'.repeat(64)}\n`,
      `images:\n  - name: ${repo}\n    newName: mirror/web\n    digest: ${digest}\n`,
    ],
  ])('%s', (_, before, after) => {
    expect(setKustomizeImage(before, repo, digest, 'k.yaml')).toEqual({
      text: after,
      changed: true,
    });
  });

  it('changes nothing when the digest is already set', () => {
    const text = `images:\n- name: ${repo}\n  digest: ${digest}\n`;
    expect(setKustomizeImage(text, repo, digest, 'k.yaml')).toEqual({ text, changed: false });
  });

  it.each([
    ['images: [\n', 'k.yaml is not valid YAML'],
    ['- a\n- b\n', 'k.yaml is not a mapping'],
  ])('rejects %j', (text, message) => {
    expect(() => setKustomizeImage(text, repo, digest, 'k.yaml')).toThrow(message);
  });
});

describe('setHelmValue', () => {
  it.each([
    [
      'image.digest',
      'image:\n  repository: web # repo\n  digest: ""\nreplicas: 2\n',
      `image:\n  repository: web # repo\n  digest: "${digest}"\nreplicas: 2\n`,
    ],
    ['image.tag', 'image:\n  tag: "1.0"\n', `image:\n  tag: "${digest}"\n`],
    ['image.digest', 'replicas: 2\n', `replicas: 2\nimage:\n  digest: ${digest}\n`],
    ['web.image.digest', '', `web:\n  image:\n    digest: ${digest}\n`],
  ])('sets %s', (key, before, after) => {
    expect(setHelmValue(before, key, digest, 'values.yaml')).toEqual({
      text: after,
      changed: true,
    });
  });

  it('changes nothing when the value is already there', () => {
    const text = `image:\n  digest: ${digest}\n`;
    expect(setHelmValue(text, 'image.digest', digest, 'v.yaml').changed).toBe(false);
  });

  it.each([
    ['image..digest', 'image:\n  digest: x\n', 'is not a dotted key'],
    ['image.digest', 'image: web:1.0\n', 'cannot set image.digest'],
  ])('rejects key %s', (key, text, message) => {
    expect(() => setHelmValue(text, key, digest, 'v.yaml')).toThrow(message);
  });
});

describe('namesImage', () => {
  it.each([
    [repo, true],
    [`${repo}:1.0`, true],
    [`${repo}@sha256:${'a'.repeat(64)}`, true],
    [`${repo}-admin:1.0`, false],
    [`${repo}/worker:1.0`, false],
    ['127.0.0.1:5000/shop/webx', false],
  ])('%s → %s', (value, expected) => {
    expect(namesImage(value, repo)).toBe(expected);
  });
});

describe('setManifestImages', () => {
  it('replaces every matching image in every document and nothing else', () => {
    const before = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      `        - image: ${repo}:1.0 # app`,
      '          name: web',
      '        - name: sidecar',
      '          image: "127.0.0.1:5000/shop/proxy:3"',
      '      initContainers:',
      `        - {name: migrate, image: '${repo}'}`,
      '---',
      'kind: CronJob',
      `image: "${repo}@sha256:${'a'.repeat(64)}"`,
      '',
    ].join('\n');
    const after = before
      .replace(`${repo}:1.0`, `${repo}@${digest}`)
      .replace(`'${repo}'`, `'${repo}@${digest}'`)
      .replace(`"${repo}@sha256:${'a'.repeat(64)}"`, `"${repo}@${digest}"`);
    expect(setManifestImages(before, repo, digest, 'app.yaml')).toEqual({
      text: after,
      changed: true,
    });
  });

  it('changes nothing when every image already has the digest or is another image', () => {
    const text = `image: ${repo}@${digest}\n---\nimage: other:1\n`;
    expect(setManifestImages(text, repo, digest, 'app.yaml')).toEqual({ text, changed: false });
  });
});
