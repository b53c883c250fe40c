import { z } from 'zod';
import { describeZodError } from './validation-error.js';
import { parseDuration } from './analysis.js';

// The SecretSync's spec: a Kubernetes Secret kept in step with Slipway's secret store. Shaped
// like External Secrets Operator's ExternalSecret (secretStoreRef, refreshInterval, target,
// data[].secretKey/remoteRef), so users of ESO can read it at once.

/** A Kubernetes Secret's name: a DNS subdomain. */
const secretNamePattern = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** A key of a Secret's data, as Kubernetes allows it. */
const secretKeyPattern = /^[-._a-zA-Z0-9]{1,253}$/;
/** A project is a DNS label (as in the built-in store). */
const projectPattern = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Argo's durations: a number of seconds, or "30s", "1m", "1h30m"; 0 syncs on spec changes only. */
const duration = z.union([z.number().min(0), z.string().min(1)]);

export const secretSyncDataSchema = z.object({
  /** The key in the target Secret. */
  secretKey: z
    .string()
    .regex(secretKeyPattern, 'must be 1–253 characters of a-z, A-Z, 0-9, "-", "_" and "."')
    .refine((key) => key !== '.' && key !== '..', 'must not be "." or ".."'),
  remoteRef: z.object({
    /** The secret's name in the store. */
    key: z.string().min(1),
    /** A pinned version; absent follows the newest. */
    version: z.string().min(1).optional(),
  }),
});

export const secretSyncSpecSchema = z.object({
  secretStoreRef: z.object({
    project: z.string().regex(projectPattern, 'must be a DNS label (a-z, 0-9, "-"; ≤ 63)'),
  }),
  refreshInterval: duration.default('1m'),
  target: z.object({
    name: z.string().regex(secretNamePattern, 'must be a DNS subdomain (a-z, 0-9, "-", ".")'),
    type: z.string().min(1).default('Opaque'),
    labels: z.record(z.string()).optional(),
    annotations: z.record(z.string()).optional(),
  }),
  data: z
    .array(secretSyncDataSchema)
    .min(1)
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.secretKey))
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [index, 'secretKey'],
            message: `${JSON.stringify(item.secretKey)} appears twice; each key of the Secret comes from one remote key`,
          });
        seen.add(item.secretKey);
      });
    }),
});

export type SecretSyncSpec = z.infer<typeof secretSyncSpecSchema>;
export type SecretSyncSpecInput = z.input<typeof secretSyncSpecSchema>;

export type SecretSyncCondition = {
  readonly type: 'Ready';
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
};

/** What the controller records; never a value. */
export type SecretSyncStatus = {
  readonly conditions: readonly SecretSyncCondition[];
  /** The store version each Secret key holds. */
  readonly syncedVersions: Readonly<Record<string, string>>;
  /** RFC 3339: when the store was last read and the Secret found (or made) in step. */
  readonly refreshTime?: string;
  readonly observedGeneration?: number;
};

/**
 * Checks a SecretSync's spec and reads its refresh interval in milliseconds; throws an
 * InputError whose message starts with `where` (`SecretSync shop/cat-api-key`).
 */
export function parseSecretSyncSpec(
  input: unknown,
  where: string,
): { spec: SecretSyncSpec; refreshMs: number } {
  const parsed = secretSyncSpecSchema.safeParse(input);
  if (!parsed.success) throw describeZodError(parsed.error, where);
  return {
    spec: parsed.data,
    refreshMs: parseDuration(parsed.data.refreshInterval, `${where}: spec.refreshInterval`),
  };
}
