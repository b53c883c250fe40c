import { normalizeRepoUrl } from '../git/webhook/index.js';
import type { PushedImage } from './pushed-image.js';

// Which apps get previews and where their config lives. The preview renders the config
// repository at its base revision and swaps in the pull request's image by digest with
// kustomize `images` (the GitOps engine's `spec.source.kustomize.images`): an app repository's
// pull request has no branch in the config repository, and the image is what it changes.

export type PreviewTarget = {
  /** The app's name: in the namespace `pr-<N>-<app>` and the labels. */
  readonly app: string;
  /** The app repository whose pull requests' pipelines push the image. */
  readonly repo: string;
  /** The config repository the app is deployed from, as an Application names it. */
  readonly config: {
    readonly repoURL: string;
    readonly path?: string;
    /** The config's revision previews render: the base branch; HEAD when absent. */
    readonly targetRevision?: string;
  };
  /** The image name the config uses (its kustomize `images:` name); the pushed repository when absent. */
  readonly image?: string;
  readonly project?: string;
};

/**
 * The target for a pushed image from `repo`: the repository's only target, or the one whose
 * image is the pushed repository when it has several. Pure.
 */
export function targetFor(
  targets: readonly PreviewTarget[],
  repo: string,
  image: PushedImage | undefined,
): PreviewTarget | undefined {
  const key = normalizeRepoUrl(repo);
  const ofRepo = targets.filter((t) => normalizeRepoUrl(t.repo) === key);
  if (ofRepo.length <= 1 || image === undefined) return ofRepo[0];
  return ofRepo.find((t) => (t.image ?? image.repository) === image.repository);
}

/** Whether two URLs name the same repository, however spelled. Pure. */
export const sameRepo = (a: string, b: string): boolean =>
  normalizeRepoUrl(a) === normalizeRepoUrl(b);

/** Every target of the repository: a closed pull request ends each app's preview. Pure. */
export function targetsOfRepo(targets: readonly PreviewTarget[], repo: string): PreviewTarget[] {
  const key = normalizeRepoUrl(repo);
  return targets.filter((t) => normalizeRepoUrl(t.repo) === key);
}

/** The kustomize `images` entry: `name@digest`, or `name=repository@digest` when they differ. Pure. */
export function imageOverride(target: PreviewTarget, image: PushedImage): string {
  const name = target.image ?? image.repository;
  return name === image.repository ? image.ref : `${name}=${image.ref}`;
}
