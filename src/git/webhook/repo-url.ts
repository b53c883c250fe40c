import { canonicalRemote } from './repo-url-hosts.js';

// Ports git uses when a URL names none; dropping them lets `ssh://h:22/x` and `ssh://h/x` match.
const defaultPorts: Readonly<Record<string, string>> = {
  http: '80',
  https: '443',
  ssh: '22',
  'git+ssh': '22',
  'ssh+git': '22',
  git: '9418',
};

type Remote = { host: string; port: string; path: string; defaultPort: string | undefined };

/**
 * A key under which every spelling of one repository compares equal: HTTPS, SSH, scp-like
 * (`git@host:org/repo`) and `git://` forms all become `host[:port]/path`, without user, default
 * port, `.git` suffix or trailing slash. The whole key is lower-case, path included, as Argo CD
 * does (`NormalizeGitURL` lower-cases the URL; its webhook matcher `GetWebURLRegex` is `(?i)` and
 * ignores scheme and user): GitHub, GitLab, Gitea and Azure DevOps resolve owner and repository
 * names case-insensitively, and a false match costs only an extra refresh where a missed one
 * skips a deploy. `file://` URLs and absolute paths keep their
 * case and `.git` (they are directories) and lose only trailing slashes. Input that is no
 * repository address comes back trimmed but otherwise unchanged. normalize(normalize(x)) is
 * normalize(x).
 */
export function normalizeRepoUrl(url: string): string {
  const input = url.trim();
  if (/^file:/i.test(input)) return fileKey(input.slice('file:'.length));
  if (input.startsWith('/')) return fileKey(`//${input}`);
  const remote = splitRemote(input);
  return (remote && remoteKey(remote)) ?? input;
}

function fileKey(rest: string): string {
  const trimmed = rest.replace(/\/+$/, '');
  return `file:${/[^/]/.test(trimmed) ? trimmed : rest}`;
}

function splitRemote(input: string): Remote | undefined {
  const url = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(input);
  if (url !== null) {
    const defaultPort = defaultPorts[(url[1] ?? '').toLowerCase()];
    return defaultPort === undefined ? undefined : splitAuthority(url[2] ?? '', defaultPort);
  }
  return splitScpLike(input) ?? splitAuthority(input, undefined);
}

/**
 * git's `[user@]host:path`. Without a user, `host:8443/path` is read as a host and port instead:
 * that is how a key with a port is written, and it has to read back as itself.
 */
function splitScpLike(input: string): Remote | undefined {
  const match = /^(?:([^@/]*)@)?(\[[^\]/]*\]|[^:/@[\]?#\\]+):(.*)$/s.exec(input);
  if (match === null) return undefined;
  const [, user, host = '', path = ''] = match;
  if (user === undefined && /^\d+(?:\/|$)/.test(path)) return undefined;
  return { host, port: '', path: path.startsWith('/') ? path : `/${path}`, defaultPort: undefined };
}

/** `[user@]host[:port][/path]`, the part of a URL after `scheme://` (or a key). */
function splitAuthority(rest: string, defaultPort: string | undefined): Remote | undefined {
  const end = rest.search(/[/?#\\]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const match = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d*))?$/.exec(hostPort);
  if (match === null) return undefined;
  const [, host = '', port = ''] = match;
  return { host, port, path: end === -1 ? '' : rest.slice(end), defaultPort };
}

function remoteKey({ host, port, path, defaultPort }: Remote): string | undefined {
  const portKey = canonicalPort(port, defaultPort);
  const url =
    host === '' ? undefined : parseUrl(`https://${host}${path.startsWith('/') ? '' : '/'}${path}`);
  if (url === undefined || portKey === undefined) return undefined;
  const remote = canonicalRemote(url.hostname.toLowerCase(), canonicalPath(url.pathname));
  const portPart = remote.keepPort && portKey !== '' ? `:${portKey}` : '';
  return `${remote.host}${portPart}${remote.path}`;
}

function canonicalPort(port: string, defaultPort: string | undefined): string | undefined {
  if (port === '') return '';
  const number = Number(port);
  if (number > 65535) return undefined;
  return String(number) === defaultPort ? '' : String(number);
}

/**
 * Lower-cased, without trailing `/` or `.git`, and stable: stripping can leave a `.` segment that
 * URL parsing would remove next time, so strip and re-parse until nothing changes.
 */
function canonicalPath(pathname: string): string {
  let path = stripSuffixes(pathname.toLowerCase());
  for (let round = 0; round < 8; round += 1) {
    const next = stripSuffixes(new URL(`https://h${path}`).pathname.toLowerCase());
    if (next === path) return path;
    path = next;
  }
  return path;
}

function stripSuffixes(path: string): string {
  return path.replace(/(?:\.git|\/)+$/, '');
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
