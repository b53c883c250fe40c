import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InputError } from '../../errors/index.js';
import { headerValues, type WebhookHeaders } from './headers.js';
import {
  branchName,
  isPullRequestAction,
  pullRequestActions,
  type RepoEvent,
} from './repo-event.js';
import type { SignatureCheck } from './signature.js';

// Slipway's own event format, for CI systems and scripts that are not a Git host:
// {repoUrl, event: push|pull_request, action?, ref, sha, branch?, baseBranch?, pr?}.
const genericEventSchema = z.object({
  repoUrl: z.string().min(1),
  event: z.enum(['push', 'pull_request']),
  action: z.string().min(1).optional(),
  ref: z.string().min(1),
  sha: z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i, 'must be a full commit sha'),
  branch: z.string().min(1).optional(),
  baseBranch: z.string().min(1).optional(),
  pr: z
    .object({
      number: z.number().int().positive(),
      title: z.string().optional(),
      merged: z.boolean().optional(),
    })
    .optional(),
});
type GenericEvent = z.infer<typeof genericEventSchema>;

export const genericSignatureHeader = 'X-Slipway-Signature';

/** A generic event body as a repository event; InputError naming each field at fault. Pure. */
export function parseGenericEvent(body: Buffer): RepoEvent {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw genericError(
      `generic webhook body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = genericEventSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
    );
    throw genericError(`generic webhook payload: ${problems.join('; ')}`);
  }
  return result.data.event === 'push' ? genericPush(result.data) : genericPullRequest(result.data);
}

function genericPush(data: GenericEvent): RepoEvent {
  return {
    source: 'generic',
    repoUrls: [data.repoUrl],
    event: {
      kind: 'push',
      ref: data.ref,
      ...(data.branch === undefined ? {} : { branch: data.branch }),
      sha: data.sha.toLowerCase(),
    },
  };
}

function genericPullRequest(data: GenericEvent): RepoEvent {
  const action = data.action ?? 'opened';
  if (!isPullRequestAction(action)) {
    throw genericError(
      `generic webhook payload: action "${action}" is not one of ${pullRequestActions.join(', ')}`,
    );
  }
  if (data.pr === undefined) {
    throw genericError(
      'generic webhook payload: pr is missing (a pull_request event needs pr.number)',
    );
  }
  const sha = data.sha.toLowerCase();
  return {
    source: 'generic',
    repoUrls: [data.repoUrl],
    event: {
      kind: 'pull_request',
      action,
      ref: data.ref,
      branch: data.branch ?? branchName(data.ref),
      ...(data.baseBranch === undefined ? {} : { baseBranch: data.baseBranch }),
      sha,
      pr: { ...data.pr, merged: data.pr.merged ?? false, headSha: sha },
    },
  };
}

function genericError(message: string): InputError {
  return new InputError(message, {
    hint: 'send JSON like {"repoUrl": "...", "event": "push", "ref": "refs/heads/main", "sha": "<40 hex>"}',
  });
}

/** `X-Slipway-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body, checked in constant time. */
export function verifyGenericSignature(
  headers: WebhookHeaders,
  body: Buffer,
  secret: string,
): SignatureCheck {
  if (secret === '') return { ok: false, reason: 'no webhook secret configured' };
  const values = headerValues(headers, genericSignatureHeader);
  const [value] = values;
  if (value === undefined) return { ok: false, reason: `missing ${genericSignatureHeader} header` };
  if (values.length > 1) {
    return { ok: false, reason: `${genericSignatureHeader} header sent more than once` };
  }
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(value.trim())?.[1];
  if (hex === undefined) {
    return {
      ok: false,
      reason: `${genericSignatureHeader} is not "sha256=" followed by 64 hex digits`,
    };
  }
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'))
    ? { ok: true }
    : {
        ok: false,
        reason: `${genericSignatureHeader} does not match the body signed with the configured secret`,
      };
}
