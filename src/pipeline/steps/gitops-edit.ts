// The edits gitops-bump makes to a config repository's YAML to point it at a new image digest.
// Pure: text in, text out, comments and key order kept; `changed` is false when the file already
// says what we would write, so a re-run makes no empty commit.
import {
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  visit,
  type Document,
} from 'yaml';
import { InputError } from '../../errors/index.js';

export type EditResult = { readonly text: string; readonly changed: boolean };

const unchanged = (text: string): EditResult => ({ text, changed: false });

function parsed(text: string, file: string): Document {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error !== undefined) {
    throw new InputError(`${file} is not valid YAML: ${error.message}`, {
      hint: 'fix the file in the config repository',
    });
  }
  return doc;
}

/** kustomization.yaml: the `images:` entry named `repository` gets `digest`, loses `newTag`. */
export function setKustomizeImage(
  text: string,
  repository: string,
  digest: string,
  file: string,
): EditResult {
  const doc = parsed(text, file);
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new InputError(`${file} is not a mapping, so it is not a kustomization`, {
      hint: 'point `with.path` at the kustomization.yaml',
    });
  }
  const images = doc.get('images', true);
  if (!isSeq(images)) {
    doc.set('images', doc.createNode([{ name: repository, digest }]));
    return { text: doc.toString(), changed: true };
  }
  const entry = images.items.find((item) => isMap(item) && item.get('name') === repository);
  if (!isMap(entry)) {
    images.add(doc.createNode({ name: repository, digest }));
    return { text: doc.toString(), changed: true };
  }
  if (entry.get('digest') === digest && !entry.has('newTag')) return unchanged(text);
  entry.set('digest', digest);
  entry.delete('newTag');
  return { text: doc.toString(), changed: true };
}

/** A Helm values file: the dotted `key` (`image.digest`) set to `value`, created if absent. */
export function setHelmValue(text: string, key: string, value: string, file: string): EditResult {
  const path = key.split('.');
  if (path.some((segment) => segment === '')) {
    throw new InputError(`\`with.key\` ${JSON.stringify(key)} is not a dotted key`, {
      hint: 'name the value to set like image.digest or image.tag',
    });
  }
  const doc = parsed(text, file);
  if (doc.getIn(path) === value) return unchanged(text);
  try {
    if (doc.contents === null) doc.contents = doc.createNode({});
    doc.setIn(path, value);
  } catch (cause) {
    throw new InputError(`${file}: cannot set ${key}, a value on its path is not a mapping`, {
      hint: 'check `with.key` against the values file',
      cause,
    });
  }
  return { text: doc.toString(), changed: true };
}

/** `repo`, `repo:tag` and `repo@anything` are the image; `repo-other` and `repo/sub` are not. */
export function namesImage(value: string, repository: string): boolean {
  if (value === repository || value.startsWith(`${repository}@`)) return true;
  return value.startsWith(`${repository}:`) && !value.slice(repository.length + 1).includes('/');
}

/**
 * Kubernetes manifests (one or many documents): every `image:` naming the repository becomes
 * `repository@digest`. Edits the text at the scalars' offsets so nothing else moves at all.
 */
export function setManifestImages(
  text: string,
  repository: string,
  digest: string,
  file: string,
): EditResult {
  const target = `${repository}@${digest}`;
  const spans: [number, number, string][] = [];
  for (const doc of parseAllDocuments(text)) {
    const error = doc.errors[0];
    if (error !== undefined) {
      throw new InputError(`${file} is not valid YAML: ${error.message}`, {
        hint: 'fix the file in the config repository',
      });
    }
    visit(doc, {
      Pair(_, pair) {
        const { key, value } = pair;
        if (!isScalar(key) || key.value !== 'image' || !isScalar(value)) return;
        if (typeof value.value !== 'string' || value.range === undefined || value.range === null)
          return;
        if (!namesImage(value.value, repository) || value.value === target) return;
        const quoted =
          value.type === 'QUOTE_DOUBLE'
            ? JSON.stringify(target)
            : value.type === 'QUOTE_SINGLE'
              ? `'${target}'`
              : value.type === 'PLAIN'
                ? target
                : undefined;
        if (quoted !== undefined) spans.push([value.range[0], value.range[1], quoted]);
      },
    });
  }
  if (spans.length === 0) return unchanged(text);
  let out = text;
  for (const [start, end, replacement] of spans.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + replacement + out.slice(end);
  }
  return { text: out, changed: true };
}
