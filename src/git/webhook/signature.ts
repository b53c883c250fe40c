import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { headerValues, type WebhookHeaders } from './headers.js';
import type { GitProvider } from './webhook-event.js';

export type SignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

const accepted: SignatureCheck = { ok: true };
const rejected = (reason: string): SignatureCheck => ({ ok: false, reason });

/**
 * Whether a delivery carries proof of `secret`: an HMAC-SHA256 of the raw body (GitHub, Gitea),
 * the secret itself as a token (GitLab) or as the Basic auth password (Azure DevOps). Token and
 * password schemes do not cover the body. Every comparison runs in constant time.
 */
export function verifyWebhookSignature(
  provider: GitProvider,
  headers: WebhookHeaders,
  body: Buffer,
  secret: string,
): SignatureCheck {
  if (secret === '') return rejected('no webhook secret configured');
  switch (provider) {
    case 'github':
      return verifyBodyHmac(headers, 'X-Hub-Signature-256', 'sha256=', body, secret);
    case 'gitea':
      return verifyBodyHmac(headers, 'X-Gitea-Signature', '', body, secret);
    case 'gitlab':
      return verifyToken(headers, secret);
    case 'azure-devops':
      return verifyBasicAuthPassword(headers, secret);
  }
}

function verifyBodyHmac(
  headers: WebhookHeaders,
  name: string,
  prefix: string,
  body: Buffer,
  secret: string,
): SignatureCheck {
  const header = singleHeader(headers, name);
  if (!header.found) return rejected(header.reason);
  const value = header.value.trim();
  const hex = value.startsWith(prefix) ? value.slice(prefix.length) : '';
  // The format check looks only at what the sender wrote; the secret-derived digest is compared
  // byte for byte, always over 32 bytes.
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    return rejected(`${name} is not ${prefix ? `"${prefix}" followed by ` : ''}64 hex digits`);
  }
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'))
    ? accepted
    : rejected(`${name} does not match the body signed with the configured secret`);
}

function verifyToken(headers: WebhookHeaders, secret: string): SignatureCheck {
  const header = singleHeader(headers, 'X-Gitlab-Token');
  if (!header.found) return rejected(header.reason);
  return sameSecret(header.value, secret)
    ? accepted
    : rejected('X-Gitlab-Token does not match the configured secret');
}

function verifyBasicAuthPassword(headers: WebhookHeaders, secret: string): SignatureCheck {
  const header = singleHeader(headers, 'Authorization');
  if (!header.found) return rejected(header.reason);
  const credentials = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header.value)?.[1];
  if (credentials === undefined) return rejected('Authorization is not HTTP Basic credentials');
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return rejected('Authorization Basic credentials have no "user:password" pair');
  return sameSecret(decoded.slice(colon + 1), secret)
    ? accepted
    : rejected('Authorization password does not match the configured secret');
}

/**
 * Constant-time string equality. Hashing both sides first gives timingSafeEqual two buffers of the
 * same length, so neither the secret's length nor a matching prefix shows in the timing.
 */
function sameSecret(given: string, secret: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(secret));
}

type HeaderLookup = { found: true; value: string } | { found: false; reason: string };

/** A header that must be sent exactly once: two values could smuggle a second credential. */
function singleHeader(headers: WebhookHeaders, name: string): HeaderLookup {
  const values = headerValues(headers, name);
  const [value] = values;
  if (value === undefined) return { found: false, reason: `missing ${name} header` };
  if (values.length > 1) return { found: false, reason: `${name} header sent more than once` };
  return { found: true, value };
}
