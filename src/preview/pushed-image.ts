import type { RunRecord } from '../store/index.js';

// Which image a pipeline run pushed: the `ref` output (`repository@sha256:…`) of its last
// successful `slipway/image-push` step (src/pipeline/steps/image-push.ts). Pure.

export type PushedImage = {
  /** `127.0.0.1:5000/cat-app`: registry host and path. */
  readonly repository: string;
  readonly digest: string;
  /** `repository@digest`, what a preview deploys. */
  readonly ref: string;
};

const digestPattern = /^sha256:[0-9a-f]{64}$/;

/** Splits `repository@sha256:…`; undefined when it is not an image by digest. */
export function imageByDigest(ref: string): PushedImage | undefined {
  const at = ref.lastIndexOf('@');
  if (at <= 0) return undefined;
  const repository = ref.slice(0, at);
  const digest = ref.slice(at + 1);
  if (!digestPattern.test(digest) || /[\s@]/.test(repository)) return undefined;
  return { repository, digest, ref };
}

export function pushedImage(run: RunRecord): PushedImage | undefined {
  const pushes = run.summary.jobs.flatMap((job) =>
    job.steps.filter((s) => s.uses === 'slipway/image-push' && s.status === 'success'),
  );
  for (const step of pushes.reverse()) {
    const ref = step.outputs['ref'];
    const image = ref === undefined ? undefined : imageByDigest(ref);
    if (image !== undefined) return image;
  }
  return undefined;
}
