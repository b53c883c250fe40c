import type { ReactElement } from 'react';
import { Link } from '../router/router';

export function NotFoundPage(props: { readonly path: string }): ReactElement {
  return (
    <section>
      <h1 tabIndex={-1}>Not found</h1>
      <p>
        Nothing lives at <code>{props.path}</code>.{' '}
        <Link to="/applications">Go to the applications</Link>.
      </p>
    </section>
  );
}
