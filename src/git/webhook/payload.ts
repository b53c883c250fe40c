import type { z } from 'zod';
import { InputError } from '../../errors/index.js';
import { firstHeader, type WebhookHeaders } from './headers.js';
import { providerLabel, type GitProvider } from './webhook-event.js';

/**
 * The JSON document in a webhook body. GitHub and Gitea may also send it form-encoded as
 * `payload=<json>` when the hook's content type is `application/x-www-form-urlencoded`.
 */
export function decodeJsonBody(
  provider: GitProvider,
  headers: WebhookHeaders,
  body: Buffer,
): unknown {
  const label = providerLabel[provider];
  const text = isFormEncoded(headers) ? formPayload(label, body) : body.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError(`${label} webhook body is not valid JSON: ${detail}`, {
      hint: `set the ${label} webhook's content type to application/json and redeliver it`,
      cause: error,
    });
  }
}

/** `payload` read through `schema`, or an InputError naming the provider and every field at fault. */
export function readPayload<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  payload: unknown,
  provider: GitProvider,
  /** The event the payload reports, as messages name it: `push`, `pull_request`. */
  eventName = 'push',
): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const label = providerLabel[provider];
  const problems = result.error.issues.map(describeIssue).join('; ');
  return failPayload(`${label} ${eventName} payload: ${problems}`, label, eventName);
}

function failPayload(message: string, label: string, eventName = 'push'): never {
  throw new InputError(message, {
    hint: `check the webhook is a ${label} ${eventName} webhook sending JSON; redeliver it from ${label}'s webhook page`,
  });
}

function isFormEncoded(headers: WebhookHeaders): boolean {
  const type = firstHeader(headers, 'content-type') ?? '';
  return type.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function formPayload(label: string, body: Buffer): string {
  const payload = new URLSearchParams(body.toString('utf8')).get('payload');
  return payload ?? failPayload(`${label} form-encoded webhook body has no "payload" field`, label);
}

function describeIssue(issue: z.ZodIssue): string {
  const field = fieldPath(issue.path);
  if (issue.code === 'invalid_type') {
    return issue.received === 'undefined' || issue.received === 'null'
      ? `${field} is missing`
      : `${field} is ${issue.received}, expected ${issue.expected}`;
  }
  if (issue.code === 'too_small' && (issue.type === 'string' || issue.type === 'array')) {
    return `${field} is empty`;
  }
  return `${field}: ${issue.message}`;
}

/** `['commits', 0, 'added']` → `commits[0].added`, the way the provider's docs write it. */
function fieldPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'body';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('');
}
