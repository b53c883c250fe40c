import { join } from 'node:path';
import { cacheRoot } from '../pipeline/run/index.js';

// Where the demo keeps everything (outside the repository) and the loopback ports it uses.

export type DemoLayout = {
  readonly dir: string;
  readonly gitRoot: string;
  readonly workDir: string;
  readonly stateDir: string;
  readonly logsDir: string;
  readonly slackFile: string;
  readonly pipelineRepos: string;
  readonly secretsFile: string;
  /** demo.json: the background processes and how to reach them, for `--down` and the CLI. */
  readonly recordFile: string;
};

export const demoPorts = { slipway: 7480, git: 7481, slack: 7482 } as const;

export function demoLayout(env: NodeJS.ProcessEnv = process.env): DemoLayout {
  const dir = join(cacheRoot(env), 'demo');
  return {
    dir,
    gitRoot: join(dir, 'git'),
    workDir: join(dir, 'work'),
    stateDir: join(dir, 'state'),
    logsDir: join(dir, 'logs'),
    slackFile: join(dir, 'slack.jsonl'),
    pipelineRepos: join(dir, 'pipeline-repos.yaml'),
    secretsFile: join(dir, 'secrets.env'),
    recordFile: join(dir, 'demo.json'),
  };
}
