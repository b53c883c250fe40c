import type { ServerClient } from '../../server-client.js';

/** One page of a list answer (docs/api.md: `{items, total, nextCursor}`). */
type Page<T> = { readonly items: T[]; readonly nextCursor: string | null };

/** The largest page the server gives out. */
const pageLimit = 500;

/** Every item of a list, following `nextCursor`, up to `max`. */
export async function listAll<T>(
  client: ServerClient,
  path: string,
  query: Readonly<Record<string, string | undefined>>,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) params.set(key, value);
    params.set('limit', String(Math.min(pageLimit, max - items.length)));
    if (cursor !== undefined) params.set('cursor', cursor);
    const page = await client.request<Page<T>>('GET', `${path}?${params.toString()}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < max);
  return items;
}

/** `/api/<kind>/<namespace>/<name>[/<rest>]`, each part escaped. Pure. */
export function objectPath(kind: string, namespace: string, name: string, rest = ''): string {
  const base = `/api/${kind}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
  return rest === '' ? base : `${base}/${rest}`;
}

/** -n, else `default`: on the server path there is no kubeconfig context to take it from. */
export function serverNamespace(values: Record<string, unknown>): string {
  return typeof values['namespace'] === 'string' ? values['namespace'] : 'default';
}
