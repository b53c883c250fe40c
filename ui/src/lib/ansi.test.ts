import { describe, expect, it } from 'vitest';
import { applySgr, color256, parseAnsi, stripAnsi } from './ansi';

const ESC = '\x1b';

describe('parseAnsi', () => {
  it('keeps plain text as one unstyled segment', () => {
    expect(parseAnsi('hello world')).toEqual([{ text: 'hello world', style: {} }]);
  });

  it('returns nothing for an empty line', () => {
    expect(parseAnsi('')).toEqual([]);
  });

  it('colours the text between a colour code and a reset', () => {
    expect(parseAnsi(`ok ${ESC}[32mPASS${ESC}[0m done`)).toEqual([
      { text: 'ok ', style: {} },
      { text: 'PASS', style: { fg: 2 } },
      { text: ' done', style: {} },
    ]);
  });

  it('combines bold with a bright colour and a background', () => {
    expect(parseAnsi(`${ESC}[1;91;44mFAIL`)).toEqual([
      { text: 'FAIL', style: { bold: true, fg: 9, bg: 4 } },
    ]);
  });

  it('treats ESC[m as a reset', () => {
    expect(parseAnsi(`${ESC}[31ma${ESC}[mb`)).toEqual([
      { text: 'a', style: { fg: 1 } },
      { text: 'b', style: {} },
    ]);
  });

  it('reads 256-colour and truecolour codes as CSS colours', () => {
    expect(parseAnsi(`${ESC}[38;5;196mx${ESC}[48;2;10;20;30my`)).toEqual([
      { text: 'x', style: { fg: 'rgb(255, 0, 0)' } },
      { text: 'y', style: { fg: 'rgb(255, 0, 0)', bg: 'rgb(10, 20, 30)' } },
    ]);
  });

  it('drops escape sequences that are not SGR', () => {
    expect(parseAnsi(`${ESC}[2K${ESC}[1Gprogress ${ESC}]0;title${ESC}\\50%`)).toEqual([
      { text: 'progress 50%', style: {} },
    ]);
  });

  it('leaves text alone when a code is unknown', () => {
    expect(parseAnsi(`${ESC}[5mblink`)).toEqual([{ text: 'blink', style: {} }]);
  });

  it('ignores a malformed extended colour without swallowing the text', () => {
    expect(parseAnsi(`${ESC}[38;5;999mz`)).toEqual([{ text: 'z', style: {} }]);
  });
});

describe('applySgr', () => {
  it.each([
    ['22', { bold: true, dim: true, fg: 1 }, { fg: 1 }],
    ['39', { fg: 1, bg: 2 }, { bg: 2 }],
    ['49', { fg: 1, bg: 2 }, { fg: 1 }],
    ['24;23', { underline: true, italic: true }, {}],
    ['0;33', { bold: true }, { fg: 3 }],
  ])('SGR %s turns %j into %j', (params, before, after) => {
    expect(applySgr(before, params)).toEqual(after);
  });
});

describe('color256', () => {
  it.each([
    [1, 1],
    [16, 'rgb(0, 0, 0)'],
    [231, 'rgb(255, 255, 255)'],
    [232, 'rgb(8, 8, 8)'],
    [255, 'rgb(238, 238, 238)'],
  ])('%i is %j', (n, css) => {
    expect(color256(n)).toBe(css);
  });
});

it('stripAnsi leaves only the text', () => {
  expect(stripAnsi(`${ESC}[1;31merror${ESC}[0m: boom`)).toBe('error: boom');
});
