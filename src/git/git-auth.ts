import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A repository's credentials, as read from its Kubernetes Secret; passed per call, never stored.
 * Not readonly: the Secret reader fills it field by field.
 */
export type GitCredentials = {
  /** For https; defaults to `git` when only a password (a token) is given. */
  username?: string;
  /** For https: a password or an access token. */
  password?: string;
  /** For ssh: a private key in OpenSSH or PEM form. */
  sshPrivateKey?: string;
  /** For ssh: accept any host key instead of checking known_hosts. */
  insecureIgnoreHostKey?: boolean;
};

/** Whether git will use SSH for this URL: `ssh://`, `git+ssh://` or scp-like `user@host:path`. */
export function isSshURL(url: string): boolean {
  if (/^(ssh|git\+ssh|ssh\+git):\/\//i.test(url)) return true;
  return !url.includes('://') && /^(?:[^@/]+@)?[^:/]+:/.test(url);
}

/**
 * Config given to git through GIT_CONFIG_COUNT/KEY_n/VALUE_n rather than `-c`, so a token never
 * shows in argv (which every user on the host can read in /proc).
 */
export function gitConfigEnv(entries: readonly (readonly [string, string])[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { GIT_CONFIG_COUNT: String(entries.length) };
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** Config for an https fetch with credentials: a preset Basic header and no credential helper. */
export function httpAuthConfig(credentials: GitCredentials): [string, string][] {
  if (credentials.password === undefined) return [];
  const user = credentials.username ?? 'git';
  const basic = Buffer.from(`${user}:${credentials.password}`, 'utf8').toString('base64');
  return [
    // An empty value clears the helpers from the host's config: the given credentials win, and
    // a helper such as `store` never writes them to disk after a successful fetch.
    ['credential.helper', ''],
    ['http.extraHeader', `Authorization: Basic ${basic}`],
  ];
}

/** Quotes a word for the shell that git runs GIT_SSH_COMMAND with. */
function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The ssh command line for git: our key only, never a prompt, host keys checked unless told. */
export function sshCommand(keyFile: string | undefined, insecureIgnoreHostKey: boolean): string {
  const parts = ['ssh', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=30'];
  if (keyFile !== undefined) parts.push('-i', shellQuote(keyFile), '-o', 'IdentitiesOnly=yes');
  if (insecureIgnoreHostKey) {
    parts.push('-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null');
  } else {
    parts.push('-o', 'StrictHostKeyChecking=yes');
  }
  return parts.join(' ');
}

/** The secrets in these credentials, to scrub from any text shown to a person. */
export function secretsOf(credentials: GitCredentials | undefined): string[] {
  if (credentials?.password === undefined || credentials.password === '') return [];
  const user = credentials.username ?? 'git';
  return [
    credentials.password,
    Buffer.from(`${user}:${credentials.password}`, 'utf8').toString('base64'),
  ];
}

/**
 * Runs `run` with the environment git needs to authenticate to `url`. An SSH key lives only in
 * a 0600 file inside a fresh 0700 folder for the duration of the call.
 */
export async function withGitAuth<T>(
  url: string,
  credentials: GitCredentials | undefined,
  run: (env: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  if (!isSshURL(url)) {
    const config = credentials === undefined ? [] : httpAuthConfig(credentials);
    return run(config.length === 0 ? {} : gitConfigEnv(config));
  }
  const insecure = credentials?.insecureIgnoreHostKey === true;
  const key = credentials?.sshPrivateKey;
  if (key === undefined || key === '')
    return run({ GIT_SSH_COMMAND: sshCommand(undefined, insecure) });
  const dir = await mkdtemp(join(tmpdir(), 'slipway-git-key-'));
  try {
    const keyFile = join(dir, 'id');
    // OpenSSH rejects a key without its final newline, which Secrets often lose.
    await writeFile(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600, flag: 'wx' });
    return await run({ GIT_SSH_COMMAND: sshCommand(keyFile, insecure) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
