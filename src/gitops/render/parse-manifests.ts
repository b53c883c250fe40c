import { LineCounter, parseAllDocuments } from 'yaml';
import { InputError } from '../../errors/index.js';
import type { RenderedObject } from './rendered-object.js';

/**
 * Parses a YAML (or JSON) stream into objects, expanding `kind: List`. Every problem names the
 * file and line. Pure.
 */
export function parseManifests(text: string, file: string): RenderedObject[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  if (!Array.isArray(docs)) return [];
  const objects: RenderedObject[] = [];
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      const line = lineCounter.linePos(error.pos[0]).line;
      throw new InputError(`${file}:${line}: invalid YAML: ${error.message.split('\n')[0]}`, {
        hint: `fix the YAML in ${file} near line ${line} and push the change`,
      });
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (value === null || value === undefined) continue;
    const line = lineCounter.linePos(doc.range[0]).line;
    for (const object of expandList(value)) objects.push(checkObject(object, `${file}:${line}`));
  }
  return objects;
}

function expandList(value: unknown): unknown[] {
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'List'
  ) {
    const items = (value as { items?: unknown }).items;
    return Array.isArray(items) ? items : [];
  }
  return [value];
}

function checkObject(value: unknown, where: string): RenderedObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      `${where}: a manifest must be a Kubernetes object, found ${Array.isArray(value) ? 'a list' : typeof value}`,
      {
        hint: 'each YAML document must be one object with apiVersion, kind and metadata.name',
      },
    );
  }
  const o = value as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; generateName?: unknown };
  };
  const missing = [
    typeof o.apiVersion === 'string' && o.apiVersion !== '' ? undefined : 'apiVersion',
    typeof o.kind === 'string' && o.kind !== '' ? undefined : 'kind',
    typeof o.metadata?.name === 'string' && o.metadata.name !== '' ? undefined : 'metadata.name',
  ].filter((x): x is string => x !== undefined);
  if (missing.length > 0) {
    throw new InputError(`${where}: the object lacks ${missing.join(', ')}`, {
      hint: 'every manifest needs apiVersion, kind and metadata.name (generateName is not supported for synced objects)',
    });
  }
  return value as RenderedObject;
}
