import type { ReactElement } from 'react';
import { Link } from '../router/router';

const sections = [
  { to: '/applications', label: 'Applications' },
  { to: '/rollouts', label: 'Rollouts' },
  { to: '/runs', label: 'Pipelines' },
  { to: '/previews', label: 'Previews' },
  { to: '/metrics', label: 'Delivery metrics' },
  { to: '/audit', label: 'Audit' },
] as const;

export function Nav(props: {
  readonly path: string;
  readonly user: string;
  readonly onSignOut: () => void;
}): ReactElement {
  return (
    <header className="top-nav">
      <Link to="/applications" className="brand">
        Slipway
      </Link>
      <nav aria-label="Main">
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <Link
                to={s.to}
                aria-current={
                  props.path === s.to || props.path.startsWith(`${s.to}/`) ? 'page' : undefined
                }
              >
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="who">
        <span>{props.user}</span>
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
