import { describe, expect, it } from 'vitest';
import { StateError } from '../errors/index.js';
import { StageFailed, StageReporter } from './stage-reporter.js';

function capture(isTTY: boolean): {
  text: () => string;
  output: { write: (t: string) => void; isTTY: boolean };
} {
  let text = '';
  return { text: () => text, output: { write: (t) => (text += t), isTTY } };
}

describe('StageReporter', () => {
  it('prints a start and an end line per stage off a terminal, with notes and the time', async () => {
    const out = capture(false);
    const stages = new StageReporter(out.output);
    const value = await stages.run('build', (note) => {
      note('pushed');
      return Promise.resolve(42);
    });
    expect(value).toBe(42);
    expect(out.text()).toMatch(/^… build\n {2}build: pushed\n✓ build {2}\d+\.\d s {2}pushed\n$/);
    expect(stages.timings).toEqual([
      { title: 'build', ms: expect.any(Number) as number, ok: true },
    ]);
  });

  it('turns a failure into ✗ and an error naming the stage, its cause and what to do', async () => {
    const out = capture(true);
    const stages = new StageReporter(out.output);
    const failing = stages.run('preview', () =>
      Promise.reject(
        new StateError('the preview of PR #1 is Failed: quota', { hint: 'slipway preview list' }),
      ),
    );
    await expect(failing).rejects.toThrow(StageFailed);
    await expect(failing).rejects.toThrow(
      'stage "preview" failed: the preview of PR #1 is Failed: quota\n  → slipway preview list',
    );
    expect(out.text()).toContain('\r\x1b[2K✗ preview');
    expect(stages.timings[0]?.ok).toBe(false);
  });
});
