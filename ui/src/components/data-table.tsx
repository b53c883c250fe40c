import { Fragment, type ReactElement, type ReactNode } from 'react';

// The list pages' table: a header row (plain labels become column headers; elements such as a
// sort header are used as they are), the rows, and one full-width row saying so when there are
// none once loading has finished.

export function DataTable(props: {
  readonly columns: readonly ReactNode[];
  readonly loading: boolean;
  readonly empty: ReactNode;
  readonly children: readonly ReactElement[];
}): ReactElement {
  return (
    <table className="data" aria-busy={props.loading}>
      <thead>
        <tr>
          {props.columns.map((column, i) =>
            typeof column === 'string' ? (
              <th key={i} scope="col">
                {column}
              </th>
            ) : (
              <Fragment key={i}>{column}</Fragment>
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {props.children}
        {props.children.length === 0 && !props.loading ? (
          <tr>
            <td colSpan={props.columns.length} className="empty">
              {props.empty}
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}
