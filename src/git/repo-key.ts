import { createHash } from 'node:crypto';

// The key of a mirror (and of credential matching): unlike webhook/normalizeRepoUrl, which
// drops the scheme to match pushes however a repo is spelled, it keeps the scheme, because an
// https and an ssh URL are fetched with different credentials.

/** `user@host:path`, the scp-like form git accepts for SSH. */
const scpLike = /^(?:[^@/]+@)?([^:/]+):(?!\/\/)(.*)$/;

function trimRepoPath(path: string): string {
  return path.replace(/\/+$/, '').replace(/\.git$/i, '');
}

/** The identity of a repository: lower-cased host, no credentials, no `.git`, no trailing slash. */
export function repoKey(url: string): string {
  const trimmed = url.trim();
  const scp = scpLike.exec(trimmed);
  if (scp && !trimmed.includes('://')) {
    return `${(scp[1] ?? '').toLowerCase()}:${trimRepoPath(scp[2] ?? '')}`;
  }
  const parsed = URL.canParse(trimmed) ? new URL(trimmed) : undefined;
  if (!parsed) return trimRepoPath(trimmed);
  // WHATWG URL lower-cases the host only for http(s), not for ssh://; the path keeps its case.
  return `${parsed.protocol}//${parsed.host.toLowerCase()}${trimRepoPath(parsed.pathname)}`;
}

/** The mirror's folder name: a hash, so any URL maps to a safe, fixed-length name. */
export function mirrorDirName(url: string): string {
  return createHash('sha256').update(repoKey(url)).digest('hex').slice(0, 32);
}

/** The URL with its password removed, fit for messages and logs. */
export function redactURL(url: string): string {
  if (!url.includes('://') || !URL.canParse(url)) return url;
  const parsed = new URL(url);
  if (parsed.password === '') return url;
  parsed.password = '';
  return parsed.toString();
}

/** Credentials embedded in an http(s) URL, split off so they never reach git's argv. */
export type URLCredentials = {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
};

/** Splits `https://user:pass@host/repo` into a bare URL and its user and password. */
export function splitURLCredentials(url: string): URLCredentials {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return { url };
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { url };
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.toString(),
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
  };
}
