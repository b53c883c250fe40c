import type { ReactElement } from 'react';
import type { CursorPages } from '../lib/cursor-pages';

// Cursor pagination: the API gives only the next cursor, so the pages seen are kept as a stack.

export function Pager(props: {
  readonly pageIndex: number;
  readonly pageSize: number;
  readonly shown: number;
  readonly total: number | null;
  readonly hasNext: boolean;
  readonly onPrevious: () => void;
  readonly onNext: () => void;
}): ReactElement {
  const first = props.shown === 0 ? 0 : props.pageIndex * props.pageSize + 1;
  const last = props.pageIndex * props.pageSize + props.shown;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={props.onPrevious} disabled={props.pageIndex === 0}>
        ← Previous
      </button>
      <span aria-live="polite">
        {first}–{last}
        {props.total === null ? '' : ` of ${props.total.toLocaleString()}`}
      </span>
      <button type="button" onClick={props.onNext} disabled={!props.hasNext}>
        Next →
      </button>
    </nav>
  );
}

/** The Pager of a list the API pages with `nextCursor`. */
export function CursorPager(props: {
  readonly pages: CursorPages;
  readonly pageSize: number;
  readonly shown: number;
  readonly page:
    { readonly total?: number | null; readonly nextCursor?: string | null } | undefined;
}): ReactElement {
  const nextCursor = props.page?.nextCursor ?? null;
  return (
    <Pager
      pageIndex={props.pages.pageIndex}
      pageSize={props.pageSize}
      shown={props.shown}
      total={props.page?.total ?? 0}
      hasNext={nextCursor !== null}
      onPrevious={props.pages.previous}
      onNext={() => props.pages.next(nextCursor)}
    />
  );
}
