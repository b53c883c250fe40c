import { useCallback, useState } from 'react';

// The cursors of the pages visited so far; index 0 is the first page (no cursor).

export type CursorPages = {
  readonly cursor: string | undefined;
  readonly pageIndex: number;
  readonly next: (cursor: string | null) => void;
  readonly previous: () => void;
  readonly reset: () => void;
};

export function useCursorPages(): CursorPages {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const next = useCallback((cursor: string | null) => {
    if (cursor !== null) setStack((s) => [...s, cursor]);
  }, []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor: stack[stack.length - 1], pageIndex: stack.length - 1, next, previous, reset };
}
