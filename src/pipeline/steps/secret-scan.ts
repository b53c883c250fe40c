import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { tryCommand } from '../../exec/index.js';
import { PreconditionError, StateError } from '../../errors/index.js';
import type { TriggerEvent } from '../plan/index.js';
import type { StepAction, StepContext, StepResult } from '../run/step-action.js';
import { findGitleaks } from './gitleaks-path.js';
import { describeLeak, parseGitleaksReport, redactGitleaksReport } from './gitleaks-report.js';
import { runLogged } from './logged-command.js';
import { failure, optionalInput, slug, workspacePath } from './step-io.js';

/** What gitleaks reads: a git history (with `git log` options), or a plain directory's files. */
export type ScanScope =
  | { readonly mode: 'git'; readonly logOpts: string; readonly what: string }
  | { readonly mode: 'dir'; readonly what: string };

const gitEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };

async function git(dir: string, args: readonly string[]): Promise<string | undefined> {
  const result = await tryCommand('git', ['-C', dir, ...args], { env: gitEnv });
  return result.code === 0 ? result.stdout.trim() : undefined;
}

async function resolveCommit(dir: string, rev: string): Promise<string | undefined> {
  const sha = await git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  return sha === '' ? undefined : sha;
}

/** The base branch's tip as the checkout has it: a clone's remote branch, or a local one. */
async function resolveBase(dir: string, branch: string): Promise<string | undefined> {
  for (const ref of [
    `refs/remotes/origin/${branch}`,
    `refs/slipway/heads/${branch}`,
    `refs/heads/${branch}`,
  ]) {
    const sha = await resolveCommit(dir, ref);
    if (sha !== undefined) return sha;
  }
  return undefined;
}

/**
 * A pull request's own commits (`base..head`) when both ends are in the checkout: the base
 * branch's history was scanned when it was pushed, and a PR must not fail for someone else's
 * old leak. Anything else, or a PR whose base cannot be found, scans the whole history of the
 * commit being built.
 */
export async function scanScope(dir: string, event: TriggerEvent): Promise<ScanScope> {
  if ((await git(dir, ['rev-parse', '--is-inside-work-tree'])) !== 'true') {
    return { mode: 'dir', what: 'the files (not a git repository, so no history)' };
  }
  const head = (await resolveCommit(dir, event.pr?.headSha ?? event.sha)) ?? 'HEAD';
  const short = head === 'HEAD' ? 'HEAD' : head.slice(0, 7);
  const whole: ScanScope = {
    mode: 'git',
    logOpts: `--full-history ${head}`,
    what: `the whole history of ${short}`,
  };
  if (event.kind !== 'pull_request' || event.baseBranch === undefined) return whole;
  const base = await resolveBase(dir, event.baseBranch);
  if (base === undefined) return whole;
  return {
    mode: 'git',
    logOpts: `${base}..${head}`,
    what: `the pull request's commits ${base.slice(0, 7)}..${short} (base ${event.baseBranch})`,
  };
}

/** gitleaks' arguments; `--redact` keeps secrets out of its log and its report. Pure. */
export function gitleaksArgs(scope: ScanScope, dir: string, reportPath: string): string[] {
  const common = [
    '--report-format',
    'json',
    '--report-path',
    reportPath,
    '--redact',
    '--no-banner',
    '--no-color',
    // Leaks are read from the report; a non-zero exit then only ever means gitleaks failed.
    '--exit-code',
    '0',
  ];
  return scope.mode === 'git'
    ? ['git', dir, `--log-opts=${scope.logOpts}`, ...common]
    : ['dir', dir, ...common];
}

function gitleaksBinary(): string {
  const binary = findGitleaks();
  if (binary !== undefined) return binary;
  throw new PreconditionError('gitleaks is not installed', {
    hint: 'run `npm run setup` (scripts/setup builds gitleaks), or set SLIPWAY_GITLEAKS to its path',
  });
}

async function runGitleaks(
  context: StepContext,
  scope: ScanScope,
  dir: string,
  reportPath: string,
): Promise<void> {
  const result = await runLogged(gitleaksBinary(), gitleaksArgs(scope, dir, reportPath), {
    cwd: dir,
    signal: context.signal,
    log: (line) => context.log(`gitleaks: ${line}`),
  });
  if (result.code !== 0) {
    throw new StateError(
      `gitleaks failed (exit ${String(result.code)}): ${result.tail.join('\n')}`,
      {
        hint: 'check that `with.path` is the repository (or a directory) and that git can read it',
      },
    );
  }
}

/**
 * Scans the workspace (or `with.path`) for committed secrets with gitleaks and fails naming each
 * one by rule, file, line and commit, never by value. The redacted JSON report is kept.
 */
export const secretScan: StepAction = async (context): Promise<StepResult> => {
  const given = optionalInput(context, 'path');
  const dir = given === undefined ? context.workspace : workspacePath(context, given, 'path');
  const scope = await scanScope(dir, context.run.event);
  context.log(`secret-scan: scanning ${scope.what} in ${dir}`);
  await mkdir(context.run.artifactsDir, { recursive: true });
  const name = `secret-scan-${slug(relative(context.workspace, dir)) || 'workspace'}.json`;
  const reportPath = join(context.run.artifactsDir, name);
  await runGitleaks(context, scope, dir, reportPath);
  const text = await readFile(reportPath, 'utf8');
  const leaks = parseGitleaksReport(text, reportPath);
  await writeFile(reportPath, redactGitleaksReport(text));
  const outputs = { findings: String(leaks.length), report: reportPath };
  const artifacts = [{ name, path: reportPath }];
  for (const leak of leaks) context.log(describeLeak(leak));
  if (leaks.length === 0) {
    context.log('secret-scan: no secrets found');
    return { outcome: 'success', outputs, artifacts };
  }
  const named = leaks.map(describeLeak).join('; ');
  const advice =
    'rotate each secret now (it is in the history), then remove it or list its fingerprint in .gitleaksignore';
  return { ...failure(`${named}; ${advice}`, outputs), artifacts };
};
