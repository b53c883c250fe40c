import { describe, expect, it } from 'vitest';
import { parseKeyValueFile, parsePathFile, prependPath } from './command-files.js';

describe('parseKeyValueFile', () => {
  it.each([
    ['name=value\n', { name: 'value' }],
    ['a=1\nb=x=y\n\n', { a: '1', b: 'x=y' }],
    ['empty=\n', { empty: '' }],
    ['notes<<EOF\nline 1\nline 2\nEOF\nnext=1\n', { notes: 'line 1\nline 2', next: '1' }],
    ['a=1\na=2\n', { a: '2' }],
    ['url=http://x/?a<<b\n', { url: 'http://x/?a<<b' }],
  ])('reads %j', (text, expected) => {
    expect(parseKeyValueFile(text, 'out')).toEqual(expected);
  });

  it('names the line of an unclosed heredoc', () => {
    expect(() => parseKeyValueFile('x=1\nnotes<<END\nhello\n', 'SLIPWAY_OUTPUT')).toThrow(
      'SLIPWAY_OUTPUT: "notes<<END" at line 2 has no closing "END" line',
    );
  });

  it('rejects a line that is neither form', () => {
    expect(() => parseKeyValueFile('just text\n', 'SLIPWAY_ENV')).toThrow(
      'SLIPWAY_ENV: line 1 is not name=value',
    );
  });
});

describe('path files', () => {
  it('puts the latest added directory first', () => {
    expect(prependPath(parsePathFile('/a\n\n/b\n'), '/usr/bin')).toBe('/b:/a:/usr/bin');
    expect(prependPath([], undefined)).toBe('');
  });
});
