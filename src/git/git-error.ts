import { SlipwayError } from '../errors/index.js';

/** Why talking to a Git repository failed; each kind has its own advice. */
export const gitFailureKinds = {
  unreachable: 'unreachable',
  authFailed: 'auth-failed',
  hostKeyRejected: 'host-key-rejected',
  revisionNotFound: 'revision-not-found',
  revisionAmbiguous: 'revision-ambiguous',
  noDefaultBranch: 'no-default-branch',
  commandFailed: 'command-failed',
} as const;
export type GitFailureKind = (typeof gitFailureKinds)[keyof typeof gitFailureKinds];

export type GitErrorDetails = {
  readonly kind: GitFailureKind;
  /** Already redacted: never carries a password. */
  readonly repoURL: string;
  readonly revision?: string;
  /** What git said, trimmed to its error lines, with secrets replaced. */
  readonly reason?: string;
  readonly cause?: unknown;
};

/**
 * A failed Git operation. The message is whole on its own (fact, then what to do), because
 * controllers copy `message` alone into an Application's status conditions.
 */
export class GitError extends SlipwayError {
  readonly kind: GitFailureKind;
  readonly repoURL: string;
  readonly revision: string | undefined;
  readonly reason: string | undefined;

  constructor(details: GitErrorDetails) {
    super(describeGitFailure(details), { cause: details.cause });
    this.kind = details.kind;
    this.repoURL = details.repoURL;
    this.revision = details.revision;
    this.reason = details.reason;
  }

  /** The same failure seen by one caller of a shared fetch, naming that caller's revision. */
  forRevision(revision: string): GitError {
    if (this.revision !== undefined) return this;
    return new GitError({
      kind: this.kind,
      repoURL: this.repoURL,
      revision,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      cause: this,
    });
  }
}

type MessageParts = {
  readonly url: string;
  /** The revision as given, or '' when the failure concerns the repository as a whole. */
  readonly revision: string;
  /** ` for revision 'x'`, or '' */
  readonly forRev: string;
  /** `: <git's reason>`, or '' */
  readonly because: string;
};

const messages: Record<GitFailureKind, (p: MessageParts) => string> = {
  unreachable: (p) =>
    `cannot reach ${p.url}${p.forRev}${p.because}; check the URL and the repository's credentials Secret`,
  'auth-failed': (p) =>
    `authentication to ${p.url} failed${p.forRev}${p.because}; check the username and password (or SSH key) in the repository's credentials Secret`,
  'host-key-rejected': (p) =>
    `the SSH host key of ${p.url} was not accepted${p.forRev}${p.because}; add the host to known_hosts, or set insecureIgnoreHostKey in the repository's credentials Secret`,
  'revision-not-found': (p) =>
    `revision '${p.revision}' not found in ${p.url}; push it or fix targetRevision`,
  'revision-ambiguous': (p) =>
    `revision '${p.revision}' is ambiguous in ${p.url}: more than one commit starts with it; give more characters of the sha in targetRevision`,
  'no-default-branch': (p) =>
    `${p.url} has no default branch (its HEAD names no existing branch)${p.forRev}; set targetRevision to a branch, tag or commit`,
  'command-failed': (p) =>
    `git failed on ${p.url}${p.forRev}${p.because}; check the repository and its credentials Secret`,
};

function describeGitFailure(d: GitErrorDetails): string {
  const revision = d.revision ?? '';
  return messages[d.kind]({
    url: d.repoURL,
    revision,
    forRev: d.revision === undefined ? '' : ` for revision '${revision}'`,
    because: d.reason === undefined || d.reason === '' ? '' : `: ${d.reason}`,
  });
}

/** Which failure git's stderr describes, when a command that talks to a remote fails. */
export function classifyRemoteFailure(stderr: string): GitFailureKind {
  if (
    /authentication failed|could not read (username|password)|terminal prompts disabled|returned error: 40[13]|permission denied \(|invalid username or password|access denied/i.test(
      stderr,
    )
  ) {
    return gitFailureKinds.authFailed;
  }
  if (/host key verification failed|remote host identification has changed/i.test(stderr)) {
    return gitFailureKinds.hostKeyRejected;
  }
  if (/couldn't find remote ref|no such remote ref|not our ref|unadvertised object/i.test(stderr)) {
    return gitFailureKinds.revisionNotFound;
  }
  if (
    /could not resolve|failed to connect|connection (refused|reset|timed out|closed)|timed out|unable to access|does not appear to be a git repository|repository .*not found|returned error: 404|not a git repository|could not read from remote|no such file or directory|network is unreachable|no route to host/i.test(
      stderr,
    )
  ) {
    return gitFailureKinds.unreachable;
  }
  return gitFailureKinds.commandFailed;
}

/**
 * git's words for a refused https login ("could not read Username ...: terminal prompts
 * disabled") read as a bug; say what happened instead.
 */
export function explainRefusedLogin(reason: string, credentialsGiven: boolean): string {
  if (!/terminal prompts disabled/i.test(reason)) return reason;
  return credentialsGiven
    ? 'the server refused the username and password (HTTP 401)'
    : 'the server asks for credentials and none were given (HTTP 401)';
}

const maxReasonLength = 400;

/** git's own explanation: its fatal/error lines without prefixes, secrets replaced by `***`. */
export function gitReason(stderr: string, secrets: readonly string[] = []): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const errorLines = lines.filter((l) => /^(fatal|error|remote):/i.test(l));
  let reason = (errorLines.length > 0 ? errorLines : lines.slice(-3))
    .map((l) => l.replace(/^(fatal|error):\s*/i, ''))
    .join('; ');
  for (const secret of secrets) {
    if (secret !== '') reason = reason.split(secret).join('***');
  }
  reason = reason.replace(/(\/\/[^/\s:@]*):[^@/\s]*@/g, '$1@');
  return reason.length > maxReasonLength ? `${reason.slice(0, maxReasonLength)}…` : reason;
}
