import { describe, expect, it } from 'vitest';
import type { LogLine } from '../api/types';
import { isLogLine, mergeLogLines } from './log-lines';

const line = (seq: number): LogLine => ({
  seq,
  job: 'build',
  step: 'test',
  time: '',
  line: `line ${seq}`,
});
const seqs = (lines: readonly LogLine[]): number[] => lines.map((l) => l.seq);

describe('mergeLogLines', () => {
  it('appends lines that come after the last one', () => {
    expect(seqs(mergeLogLines([line(1), line(2)], [line(3)]))).toEqual([1, 2, 3]);
  });

  it('drops lines seen twice when the stream overlaps the first read', () => {
    expect(seqs(mergeLogLines([line(1), line(2), line(3)], [line(2), line(3), line(4)]))).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('puts a late first read before lines the stream already brought', () => {
    expect(seqs(mergeLogLines([line(5), line(6)], [line(1), line(2)]))).toEqual([1, 2, 5, 6]);
  });

  it('returns the same array when nothing came', () => {
    const existing = [line(1)];
    expect(mergeLogLines(existing, [])).toBe(existing);
  });
});

describe('isLogLine', () => {
  it.each([
    [{ seq: 1, line: 'x', runId: 'r1' }, true],
    [{ seq: 1, line: 'x' }, true],
    [{ seq: 1, line: 'x', runId: 'r2' }, false],
    [{ line: 'x' }, false],
    ['text', false],
  ])('%j is a line of r1: %s', (data, expected) => {
    expect(isLogLine(data, 'r1')).toBe(expected);
  });
});
