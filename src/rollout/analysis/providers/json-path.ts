import { InputError } from '../../../errors/index.js';

// The subset of Kubernetes JSONPath that web metrics use: `{$.data.ok}`, `{.items[0].value}`,
// `{$['a-b']}`, `{$.items[*].v}`. Pure.

type Segment = { readonly key: string } | { readonly index: number } | { readonly all: true };

const segmentPattern = /\.([A-Za-z0-9_$-]+)|\[(-?\d+)\]|\['([^']*)'\]|\["([^"]*)"\]|\[\*\]|\.\*/y;

export function parseJsonPath(path: string): Segment[] {
  const inner = path
    .trim()
    .replace(/^\{(.*)\}$/s, '$1')
    .trim();
  const body = inner.startsWith('$') ? inner.slice(1) : inner;
  const segments: Segment[] = [];
  segmentPattern.lastIndex = 0;
  while (segmentPattern.lastIndex < body.length) {
    const at = segmentPattern.lastIndex;
    const match = segmentPattern.exec(body);
    if (match === null) {
      throw new InputError(
        `provider.web.jsonPath: ${JSON.stringify(path)} does not parse at "${body.slice(at)}"`,
        {
          hint: 'write a path such as "{$.data.ok}" or "{$.items[0].value}"',
        },
      );
    }
    const [, key, index, single, double] = match;
    if (index !== undefined) segments.push({ index: Number(index) });
    else if (key ?? single ?? double) segments.push({ key: key ?? single ?? double ?? '' });
    else segments.push({ all: true });
  }
  return segments;
}

/** The value at `path` in `document`; throws when the path leads nowhere. */
export function selectJsonPath(document: unknown, path: string): unknown {
  let values: unknown[] = [document];
  let spread = false;
  for (const segment of parseJsonPath(path)) {
    if ('all' in segment) spread = true;
    values = values.flatMap((value) => step(value, segment));
  }
  if (values.length === 0) {
    throw new Error(`jsonPath ${JSON.stringify(path)} finds nothing in the response`);
  }
  return spread ? values : values[0];
}

function step(value: unknown, segment: Segment): unknown[] {
  if ('all' in segment) {
    if (Array.isArray(value)) return value;
    return typeof value === 'object' && value !== null ? Object.values(value) : [];
  }
  if ('index' in segment) {
    if (!Array.isArray(value)) return [];
    const item: unknown = value.at(segment.index);
    return item === undefined ? [] : [item];
  }
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment.key)) return [];
  return [(value as Record<string, unknown>)[segment.key]];
}
