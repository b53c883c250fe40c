import type { ReactElement } from 'react';
import type { ResourceNode } from '../api/types';
import { resourceRows } from '../lib/resource-tree';
import { StatusBadge } from './status-badge';

/** The Application's resources, indented by owner (or API group), with sync and health each. */
export function ResourceTreeView(props: {
  readonly tree: readonly ResourceNode[] | undefined;
  readonly resources: readonly ResourceNode[] | undefined;
}): ReactElement {
  const rows = resourceRows(props.tree, props.resources);
  if (rows.length === 0) return <p className="empty">No resources yet.</p>;
  return (
    <table className="data resource-tree">
      <thead>
        <tr>
          <th scope="col">Resource</th>
          <th scope="col">Sync</th>
          <th scope="col">Health</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) =>
          row.node === undefined ? (
            <tr key={row.key} className="group-row">
              <th scope="rowgroup" colSpan={4}>
                {row.group}
              </th>
            </tr>
          ) : (
            <tr key={row.key}>
              <td style={{ paddingLeft: `${0.5 + row.depth * 1.5}rem` }}>
                {row.depth > 0 ? (
                  <span aria-hidden="true" className="tree-elbow">
                    └{' '}
                  </span>
                ) : null}
                <span className="kind">{row.node.kind}</span> {row.node.name}
                {row.node.requiresPruning ? <span className="badge tone-warn">prune</span> : null}
              </td>
              <td>
                {row.node.status ? (
                  <StatusBadge status={row.node.status} />
                ) : (
                  <span className="muted">–</span>
                )}
              </td>
              <td>
                {row.node.health ? (
                  <StatusBadge status={row.node.health.status} />
                ) : (
                  <span className="muted">–</span>
                )}
              </td>
              <td className="message">{row.node.health?.message ?? ''}</td>
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}
