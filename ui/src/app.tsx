import { useEffect, useRef, useState, type ReactElement } from 'react';
import { getSession, signOut } from './api/client';
import { ApiError, onUnauthenticated, setCsrfToken } from './api/http';
import type { Session } from './api/types';
import { Nav } from './components/nav';
import { SignInPage } from './pages/sign-in-page';
import { renderRoute } from './routes';
import { navigate, useLocation } from './router/router';

// The shell: who is signed in, the top nav and the page for the current path. Any 401 from the
// API sends the reader to sign-in, and back to where they were after it.

type SessionState =
  | { readonly kind: 'unreachable'; readonly error: Error }
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly session: Session };

const signInPath = '/sign-in';

function signInUrl(): string {
  const here = window.location.pathname + window.location.search;
  return here.startsWith(signInPath) ? here : `${signInPath}?next=${encodeURIComponent(here)}`;
}

/** Only paths of this site, so `?next=` cannot send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next !== null &&
    next.startsWith('/') &&
    !next.startsWith('//') &&
    !next.startsWith(signInPath)
    ? next
    : '/applications';
}

export function App(): ReactElement {
  const [state, setState] = useState<SessionState>({ kind: 'checking' });
  const { path, query } = useLocation();

  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(undefined);
        setState({ kind: 'signed-out' });
        navigate(signInUrl(), { replace: true });
      }),
    [],
  );

  useEffect(() => {
    getSession()
      .then((session) => {
        setCsrfToken(session.csrfToken);
        setState({ kind: 'signed-in', session });
      })
      .catch((e: unknown) => {
        // A 401 already went through onUnauthenticated; anything else is shown on sign-in too.
        if (!(e instanceof ApiError && e.status === 401)) {
          setState({ kind: 'unreachable', error: e instanceof Error ? e : new Error(String(e)) });
        }
      });
  }, []);

  useEffect(() => {
    if (state.kind === 'signed-in' && (path === '/' || path === signInPath))
      navigate(path === '/' ? '/applications' : safeNext(query.get('next')), { replace: true });
  }, [state.kind, path, query]);

  useMoveFocusOnNavigation(path);

  if (state.kind === 'checking') return <p className="loading-page">Loading…</p>;
  if (state.kind === 'signed-out' || state.kind === 'unreachable') {
    return (
      <SignInPage
        notice={state.kind === 'unreachable' ? state.error.message : undefined}
        onSignedIn={(session) => {
          setCsrfToken(session.csrfToken);
          setState({ kind: 'signed-in', session });
          navigate(safeNext(new URLSearchParams(window.location.search).get('next')), {
            replace: true,
          });
        }}
      />
    );
  }
  const leave = (): void => {
    signOut()
      .catch(() => undefined)
      .finally(() => {
        setCsrfToken(undefined);
        setState({ kind: 'signed-out' });
        navigate(signInPath);
      });
  };
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Nav path={path} user={state.session.user} onSignOut={leave} />
      <main id="main">{renderRoute(path)}</main>
    </>
  );
}

/** After an in-app navigation, focus the new page's heading so screen readers announce it. */
function useMoveFocusOnNavigation(path: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [path]);
}
