import { describe, expect, it } from 'vitest';
import { findCommand, helpText, runCli } from './main.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('slipway CLI', () => {
  it('prints help listing every cluster command', async () => {
    const { code, out } = await cli('--help');
    expect(code).toBe(0);
    for (const word of ['cluster up', 'cluster down', 'cluster status', 'cluster env'])
      expect(out).toContain(word);
    expect(out).toBe(helpText());
  });

  it('prints the package version', async () => {
    const { code, out } = await cli('--version');
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('names an unknown command and points at --help (exit 2)', async () => {
    const { code, err } = await cli('cluster', 'explode');
    expect(code).toBe(2);
    expect(err).toContain('unknown command: slipway cluster explode');
    expect(err).toContain('slipway --help');
  });

  it.each([['-3'], ['lots'], ['2.5'], ['99999']])(
    'rejects --kwok-nodes %s, naming the flag and value (exit 2)',
    async (value) => {
      const { code, err } = await cli('cluster', 'up', `--kwok-nodes=${value}`);
      expect(code).toBe(2);
      expect(err).toContain(`--kwok-nodes: "${value}" is not a whole number from 0 to 5000`);
      expect(err).toContain('slipway cluster up --kwok-nodes 3');
    },
  );

  it('rejects an unknown option with the command usage (exit 2)', async () => {
    const { code, err } = await cli('cluster', 'down', '--force');
    expect(code).toBe(2);
    expect(err).toMatch(/slipway cluster down: Unknown option '--force'/);
    expect(err).toContain('usage: slipway cluster down [--keep]');
  });

  it('shows a command its own usage with --help', async () => {
    const { code, out } = await cli('cluster', 'up', '--help');
    expect(code).toBe(0);
    expect(out).toContain('Usage: slipway cluster up [--kwok-nodes N]');
  });

  it('matches the longest command path', () => {
    expect(findCommand(['cluster', 'env'])?.command.path).toEqual(['cluster', 'env']);
    expect(findCommand(['cluster'])).toBeUndefined();
  });
});

describe('slipway controller options', () => {
  it.each([['--concurrency=0'], ['--concurrency=lots'], ['--poll-interval=soon']])(
    'rejects %s before touching the cluster (exit 2)',
    async (flag) => {
      const out: string[] = [];
      const code = await runCli(['controller', flag], {
        out: (t) => out.push(t),
        err: (t) => out.push(t),
      });
      expect(code).toBe(2);
      expect(out.join('\n')).toMatch(/^error: --(concurrency|poll-interval): ".*" is not/);
    },
  );
});
