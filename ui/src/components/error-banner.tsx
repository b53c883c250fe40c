import type { ReactElement } from 'react';
import { ApiError } from '../api/http';

/** An error as the API told it: the message, and the hint when there is one. */
export function ErrorBanner(props: {
  readonly error: Error | undefined;
  readonly onRetry?: () => void;
}): ReactElement | null {
  const { error, onRetry } = props;
  if (error === undefined) return null;
  const hint = error instanceof ApiError ? error.hint : undefined;
  return (
    <div className="error-banner" role="alert">
      <p>
        <strong>{error.message}</strong>
      </p>
      {hint ? <p>{hint}</p> : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
