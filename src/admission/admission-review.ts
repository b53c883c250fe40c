import { z } from 'zod';
import { InputError } from '../errors/index.js';

// admission.k8s.io/v1 AdmissionReview: what the API server sends a webhook and what it expects
// back. Only the fields Slipway reads are checked; the rest passes through untouched.

export const admissionReviewApiVersion = 'admission.k8s.io/v1';

const reviewRequest = z.object({
  uid: z.string().min(1),
  kind: z.object({ group: z.string(), version: z.string(), kind: z.string() }),
  operation: z.string(),
  namespace: z.string().optional(),
  subResource: z.string().optional(),
  object: z.unknown().optional(),
});
const review = z.object({
  apiVersion: z.literal(admissionReviewApiVersion),
  kind: z.literal('AdmissionReview'),
  request: reviewRequest,
});

export type AdmissionRequest = z.infer<typeof reviewRequest>;

/** RFC 6902 operations; the webhook only ever adds or replaces. */
export type JsonPatchOperation =
  | { readonly op: 'add'; readonly path: string; readonly value: unknown }
  | { readonly op: 'replace'; readonly path: string; readonly value: unknown };

export type AdmissionResponse = {
  readonly uid: string;
  readonly allowed: true;
  readonly patchType?: 'JSONPatch';
  /** The JSON Patch, base64-encoded as the API server wants it. */
  readonly patch?: string;
  /** Shown to the client that created the object (kubectl prints them). */
  readonly warnings?: readonly string[];
};

export type AdmissionReviewAnswer = {
  readonly apiVersion: typeof admissionReviewApiVersion;
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
};

/** The request of an AdmissionReview body; an InputError naming the field when it is not one. */
export function parseAdmissionReview(body: unknown): AdmissionRequest {
  const parsed = review.safeParse(body);
  if (parsed.success) return parsed.data.request;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || '(the body)';
  throw new InputError(
    `not an ${admissionReviewApiVersion} AdmissionReview: field ${field}: ${issue?.message ?? 'invalid'}`,
    { hint: 'the MutatingWebhookConfiguration must list admissionReviewVersions: [v1]' },
  );
}

/** Lets the object in; with a patch when there are operations, with warnings when given. Pure. */
export function allow(
  uid: string,
  operations: readonly JsonPatchOperation[] = [],
  warnings: readonly string[] = [],
): AdmissionReviewAnswer {
  return {
    apiVersion: admissionReviewApiVersion,
    kind: 'AdmissionReview',
    response: {
      uid,
      allowed: true,
      ...(operations.length === 0
        ? {}
        : {
            patchType: 'JSONPatch',
            patch: Buffer.from(JSON.stringify(operations)).toString('base64'),
          }),
      ...(warnings.length === 0 ? {} : { warnings }),
    },
  };
}
