import type { ErrorBody } from './types';

// The one place the UI calls fetch: JSON in and out, the CSRF token on every mutation, the
// contract's error shape turned into ApiError, and a 401 announced so the app can show sign-in.

/** An error the API answered with, or a network failure (status 0, code "network"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// Kept in memory only: a reload asks GET /api/session for it again.
let csrfToken: string | undefined;
const unauthenticatedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? undefined;
}

/** Called whenever the API answers 401; returns the unsubscribe function. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type RequestOptions = {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Sign-in's own 401 means a wrong password, not an expired session. */
  readonly quietUnauthenticated?: boolean;
};

/** Builds `path?a=1&b=2`, leaving out empty values. Pure. */
export function withQuery(
  path: string,
  query: Readonly<Record<string, string | number | boolean | undefined>>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = (await response.json()) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  const error = body?.error;
  return new ApiError(
    response.status,
    error?.code ?? 'internal',
    error?.message ?? `${response.status} ${response.statusText}`.trim(),
    error?.hint,
  );
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'The Slipway server did not answer; is it running?');
  }
  if (response.status === 401 && options.quietUnauthenticated !== true) {
    for (const listener of unauthenticatedListeners) listener();
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 202 || response.status === 204) {
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
  return (await response.json()) as T;
}

export const isAbort = (error: unknown): boolean =>
  error instanceof DOMException && error.name === 'AbortError';
