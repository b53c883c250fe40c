import { gitPushAudience } from '../../identity/index.js';
import type { StepContext } from '../run/step-action.js';
import { tokenSubject } from './run-token-subject.js';

// A Git push with the run's own token instead of a stored password: git asks a credential helper
// that answers `x-access-token` and the token (GitHub's convention). The helper and the token
// reach git through its environment only, so the token is on no command line (`ps`), in no git
// config file and in no clone; the user's own credential helpers are switched off for these
// commands, so none of them stores it either.

/** The variable the credential helper reads the token from. */
export const runTokenVariable = 'SLIPWAY_GIT_RUN_TOKEN';

const credentialHelper = `!f() { test "$1" = get && printf 'username=x-access-token\\npassword=%s\\n' "$${runTokenVariable}"; }; f`;

export type GitRunToken = {
  /** Added to the environment of every git command that talks to the repository. */
  readonly env: Readonly<Record<string, string>>;
  /** `pipeline:<repo>:<pipeline>`, for messages. */
  readonly subject: string;
  readonly audience: string;
  /** The text with the token (and its Basic-auth form) replaced by ***. Pure. */
  readonly scrub: (text: string) => string;
};

/** An http(s) URL with no user or password in it: where a run token would be offered. Pure. */
export function takesRunToken(repo: string): boolean {
  if (!/^https?:\/\//i.test(repo)) return false;
  try {
    const url = new URL(repo);
    return url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Git's environment for a credential helper that answers with `token` for `repo`'s origin only,
 * after dropping every other helper; appended to GIT_CONFIG_* entries the runner already has. Pure.
 */
export function gitTokenEnv(
  repo: string,
  token: string,
  inherited: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const first = Number.parseInt(inherited['GIT_CONFIG_COUNT'] ?? '0', 10) || 0;
  return {
    [`GIT_CONFIG_KEY_${first}`]: 'credential.helper',
    [`GIT_CONFIG_VALUE_${first}`]: '',
    [`GIT_CONFIG_KEY_${first + 1}`]: `credential.${new URL(repo).origin}.helper`,
    [`GIT_CONFIG_VALUE_${first + 1}`]: credentialHelper,
    GIT_CONFIG_COUNT: String(first + 2),
    [runTokenVariable]: token,
  };
}

/**
 * The run's token for pushing to `repo`, when the URL carries no credentials of its own and the
 * run has a token; undefined (with a log line saying why, when it matters) otherwise.
 */
export function gitRunToken(context: StepContext, repo: string): GitRunToken | undefined {
  if (!takesRunToken(repo)) return undefined;
  const mint = context.run.identityToken;
  if (mint === undefined) return undefined;
  const audience = gitPushAudience(repo);
  let token: string;
  try {
    token = mint(audience);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    context.log(`gitops-bump: no run token (${why}); pushing to ${repo} without credentials`);
    return undefined;
  }
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  const subject = tokenSubject(token);
  context.log(
    `gitops-bump: authenticating to ${new URL(repo).origin} as ${subject} with the run's own token`,
  );
  return {
    env: gitTokenEnv(repo, token),
    subject,
    audience,
    scrub: (text) => text.split(token).join('***').split(basic).join('***'),
  };
}
