import { useState, type FormEvent, type ReactElement } from 'react';
import { listSignInProviders, signIn } from '../api/client';
import { ApiError } from '../api/http';
import type { Session } from '../api/types';
import { useLoad } from '../lib/hooks';

export function SignInPage(props: {
  /** Why the session could not be checked (e.g. the server is down), if that is the case. */
  readonly notice?: string | undefined;
  readonly onSignedIn: (session: Session) => void;
}): ReactElement {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(props.notice);
  // No provider (or no answer) leaves the password form alone: OIDC is optional.
  const providers = useLoad((signal) => listSignInProviders({ signal }), []);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    signIn(username, password)
      .then(props.onSignedIn)
      .catch((err: unknown) => {
        setError(
          err instanceof ApiError && err.status === 401
            ? 'Wrong user name or password.'
            : err instanceof Error
              ? err.message
              : String(err),
        );
        setBusy(false);
      });
  };

  return (
    <main id="main" className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Slipway</h1>
        <label htmlFor="username">User name</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {(providers.data ?? []).map((provider) => (
          // A full navigation, not fetch: the IdP's pages take over the browser.
          <a key={provider.loginUrl} className="sign-in-provider" href={provider.loginUrl}>
            Sign in with {provider.name}
          </a>
        ))}
      </form>
    </main>
  );
}
