import { SlipwayError } from '../errors/index.js';

// The demo's live list of stages: on a terminal each running stage spins with its elapsed time
// and latest note, then turns into ✓ or ✗ with its duration; elsewhere (a log, CI) one line per
// start and end. Failures say what broke; the stage's own error says where its logs are.

export type StageTiming = { readonly title: string; readonly ms: number; readonly ok: boolean };

export type StageOutput = {
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
};

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export class StageFailed extends SlipwayError {}

export class StageReporter {
  readonly timings: StageTiming[] = [];

  constructor(private readonly output: StageOutput) {}

  async run<T>(title: string, work: (note: (text: string) => void) => Promise<T>): Promise<T> {
    const started = Date.now();
    let note = '';
    let frame = 0;
    const line = (mark: string): string =>
      `${mark} ${title}  ${seconds(Date.now() - started)}${note === '' ? '' : `  ${note}`}`;
    const timer = this.output.isTTY
      ? setInterval(
          () =>
            this.output.write(
              `\r\x1b[2K${line(frames[(frame = (frame + 1) % frames.length)] ?? '·')}`,
            ),
          100,
        )
      : undefined;
    if (!this.output.isTTY) this.output.write(`… ${title}\n`);
    const setNote = (text: string): void => {
      note = text;
      if (!this.output.isTTY) this.output.write(`  ${title}: ${text}\n`);
    };
    try {
      const value = await work(setNote);
      this.finish(title, started, true, timer, line('✓'));
      return value;
    } catch (error) {
      note = '';
      this.finish(title, started, false, timer, line('✗'));
      const detail =
        error instanceof SlipwayError
          ? error.describe()
          : error instanceof Error
            ? error.message
            : String(error);
      throw new StageFailed(`stage "${title}" failed: ${detail}`, { cause: error });
    }
  }

  private finish(
    title: string,
    started: number,
    ok: boolean,
    timer: NodeJS.Timeout | undefined,
    text: string,
  ): void {
    if (timer !== undefined) clearInterval(timer);
    this.timings.push({ title, ms: Date.now() - started, ok });
    this.output.write(this.output.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }
}
