import { ZodError } from 'zod';
import {
  InputError,
  PreconditionError,
  SlipwayError,
  StateError,
  type SlipwayErrorOptions,
} from '../../errors/index.js';
import { KubeApiError } from '../../kube/index.js';

// Every error the API answers with has one shape and a stable code; this file is the one place
// that turns a thrown error into that shape and an HTTP status.

export const errorStatus = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorBody = {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly hint?: string };
};

/** An error that already knows its API code. */
export class ApiError extends SlipwayError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: SlipwayErrorOptions = {},
  ) {
    super(message, options);
  }
}

export const notFound = (what: string, hint?: string): ApiError =>
  new ApiError('not_found', `${what} not found`, hint === undefined ? {} : { hint });

/** The code a Kubernetes API refusal means to an API client. Pure. */
function kubeCode(status: number): ErrorCode {
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'invalid_input';
  if (status === 401 || status === 403) return 'unavailable';
  return status >= 500 ? 'unavailable' : 'internal';
}

/** A framework error (bad JSON, body too large, no route) carries its status. */
function frameworkCode(status: number): ErrorCode {
  if (status === 404) return 'not_found';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 409) return 'conflict';
  if (status === 412) return 'precondition_failed';
  if (status >= 400 && status < 500) return 'invalid_input';
  return status === 503 ? 'unavailable' : 'internal';
}

const zodMessage = (error: ZodError): string =>
  error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`)
    .join('; ');

function codeOf(error: unknown): ErrorCode {
  if (error instanceof ApiError) return error.code;
  if (error instanceof ZodError || error instanceof InputError) return 'invalid_input';
  if (error instanceof KubeApiError) return kubeCode(error.status);
  if (error instanceof StateError) return 'conflict';
  if (error instanceof PreconditionError) return 'unavailable';
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number') return frameworkCode(status);
  return 'internal';
}

/** The status and body for any thrown value; internal errors do not leak their message. Pure. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  const code = codeOf(error);
  const hint = error instanceof SlipwayError ? error.hint : undefined;
  let message: string;
  if (error instanceof ZodError) message = `invalid request: ${zodMessage(error)}`;
  else if (code === 'internal' && !(error instanceof SlipwayError))
    message = 'internal error; the server log has the details';
  else message = error instanceof Error ? error.message : String(error);
  return {
    status: errorStatus[code],
    body: { error: { code, message, ...(hint === undefined ? {} : { hint }) } },
  };
}
