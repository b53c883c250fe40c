import { InputError } from '../../errors/index.js';

export type ImageRef = {
  /** Registry host and path, without tag or digest: `127.0.0.1:5000/shop/web`. */
  readonly repository: string;
  /** The registry host (`127.0.0.1:5000`), `docker.io` when the name has none. */
  readonly registry: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
};

const digestPattern = /^sha256:[0-9a-f]{64}$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export const isDigest = (value: string): boolean => digestPattern.test(value);
export const isTag = (value: string): boolean => tagPattern.test(value);

/** Splits `host:port/path:tag@sha256:…` into its parts. Pure. */
export function parseImageRef(reference: string): ImageRef {
  const at = reference.indexOf('@');
  const named = at < 0 ? reference : reference.slice(0, at);
  const digest = at < 0 ? undefined : reference.slice(at + 1);
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (
    repository === '' ||
    /\s/.test(reference) ||
    (tag !== undefined && !isTag(tag)) ||
    (digest !== undefined && !isDigest(digest))
  ) {
    throw new InputError(`${JSON.stringify(reference)} is not an image reference`, {
      hint: 'write it as registry/repository[:tag][@sha256:<64 hex>], e.g. 127.0.0.1:5000/shop/web:1.2',
    });
  }
  const first = repository.split('/')[0] ?? '';
  const hasRegistry =
    repository.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  return { repository, registry: hasRegistry ? first : 'docker.io', tag, digest };
}

/** The reference as one string, preferring the digest when there is one. */
export function formatImageRef(ref: ImageRef): string {
  if (ref.digest !== undefined) return `${ref.repository}@${ref.digest}`;
  return ref.tag === undefined ? ref.repository : `${ref.repository}:${ref.tag}`;
}
