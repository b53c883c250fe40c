import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { decodeCursor, listQuerySchema, paginate } from './list-query.js';

const keys = {
  name: (x: { name: string; n: number }) => x.name,
  n: (x: { name: string; n: number }) => x.n,
};
const items = Array.from({ length: 7 }, (_, i) => ({ name: `app-${i}`, n: i % 3 }));

describe('paginate', () => {
  it('walks every item once, page by page, with the total', () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = paginate(items, listQuerySchema.parse({ limit: '3', cursor }), keys, 'name');
      expect(page.total).toBe(7);
      seen.push(...page.items.map((i) => i.name));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(items.map((i) => i.name));
  });

  it.each([
    ['name', 'app-0'],
    ['-name', 'app-6'],
    ['-n', 'app-2'],
  ])('sorts by %s', (sort, first) => {
    expect(paginate(items, listQuerySchema.parse({ sort }), keys, 'name').items[0]?.name).toBe(
      first,
    );
  });

  it('refuses an unknown sort field and a forged cursor', () => {
    expect(() => paginate(items, listQuerySchema.parse({ sort: 'age' }), keys, 'name')).toThrow(
      ApiError,
    );
    expect(() => decodeCursor('nonsense')).toThrow(/not one this server gave out/);
  });

  it('caps limit at 500', () => {
    expect(listQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
  });
});
