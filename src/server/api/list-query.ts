import { z } from 'zod';
import { ApiError } from './api-error.js';

// Lists are filtered, sorted and paged on the server: `?limit=&cursor=&sort=` on every list,
// answered as `{items, total, nextCursor}`.

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
  sort: z.string().optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;

export type Page<T> = {
  readonly items: T[];
  readonly total: number;
  readonly nextCursor: string | null;
};

/** A sort key: how to read the field and which way. */
export type SortKeys<T> = Readonly<Record<string, (item: T) => string | number>>;

const encodeCursor = (offset: number): string =>
  Buffer.from(JSON.stringify({ o: offset })).toString('base64url');

/** The offset a cursor stands for; an unreadable cursor is the client's mistake. Pure. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0)
      return parsed.o;
  } catch {
    // falls through to the error below
  }
  throw new ApiError('invalid_input', `cursor "${cursor}" is not one this server gave out`, {
    hint: 'pass the nextCursor of the previous page, or no cursor for the first page',
  });
}

function comparator<T>(
  sort: string | undefined,
  keys: SortKeys<T>,
  fallback: string,
): (a: T, b: T) => number {
  const raw = sort ?? fallback;
  const descending = raw.startsWith('-');
  const field = descending ? raw.slice(1) : raw;
  const key = keys[field];
  if (key === undefined) {
    throw new ApiError('invalid_input', `cannot sort by "${field}"`, {
      hint: `sort by one of: ${Object.keys(keys).join(', ')} (prefix - for descending)`,
    });
  }
  const sign = descending ? -1 : 1;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -sign : x > y ? sign : 0;
  };
}

/** Sorts (stable) and cuts one page out of the already filtered items. Pure. */
export function paginate<T>(
  items: readonly T[],
  query: ListQuery,
  keys: SortKeys<T>,
  fallbackSort: string,
): Page<T> {
  const sorted = [...items].sort(comparator(query.sort, keys, fallbackSort));
  const offset = decodeCursor(query.cursor);
  const page = sorted.slice(offset, offset + query.limit);
  const next = offset + page.length;
  return {
    items: page,
    total: sorted.length,
    nextCursor: next < sorted.length ? encodeCursor(next) : null,
  };
}
