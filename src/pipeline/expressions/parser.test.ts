import { describe, expect, it } from 'vitest';
import { ExpressionError } from './errors.js';
import { parseExpression } from './parser.js';
import { tokenize } from './tokenizer.js';

describe('tokenize', () => {
  it.each([
    ["'It''s open'", [['string', "It's open"]]],
    ['0xff', [['number', '0xff']]],
    ['-2.99e-2', [['number', '-2.99e-2']]],
    [
      'steps.my-step.outputs',
      [
        ['identifier', 'steps'],
        ['punctuation', '.'],
        ['identifier', 'my-step'],
        ['punctuation', '.'],
        ['identifier', 'outputs'],
      ],
    ],
    [
      'a<=b',
      [
        ['identifier', 'a'],
        ['operator', '<='],
        ['identifier', 'b'],
      ],
    ],
    [
      "a['b']",
      [
        ['identifier', 'a'],
        ['punctuation', '['],
        ['string', 'b'],
        ['punctuation', ']'],
      ],
    ],
  ])('reads %s', (expression, expected) => {
    const tokens = tokenize(expression).filter((token) => token.kind !== 'end');
    expect(tokens.map((token) => [token.kind, token.text])).toEqual(expected);
  });
});

describe('parseExpression', () => {
  it('binds && tighter than || and comparisons tighter than ==', () => {
    const node = parseExpression('a || b && c < d == e');
    expect(node).toMatchObject({
      kind: 'binary',
      operator: '||',
      right: { operator: '&&', right: { operator: '==', left: { operator: '<' } } },
    });
  });

  it('reads an object filter and an index', () => {
    expect(parseExpression('event.labels.*.name')).toMatchObject({
      kind: 'property',
      name: 'name',
      object: { kind: 'filter', object: { kind: 'property', name: 'labels' } },
    });
    expect(parseExpression('a[0]')).toMatchObject({ kind: 'index', index: { value: 0 } });
  });

  it('reads function names in any case', () => {
    expect(parseExpression("StartsWith('a', 'b')")).toMatchObject({
      kind: 'call',
      name: 'startswith',
    });
  });

  it.each([
    ['a ==', 'expected a value but found the end of the expression', 5],
    ['"main"', 'unexpected character `"`', 1],
    ["'open", 'unterminated string', 1],
    ['foo(1)', 'unknown function `foo`', 1],
    ["contains('a')", 'contains() takes 2 argument(s) but was given 1', 1],
    ['success(1)', 'success() takes 0 argument(s) but was given 1', 1],
    ["hashFiles('**/x')", 'hashFiles() is not supported', 1],
    ['(a', 'expected `)` to close `(` but found the end of the expression', 3],
    ['a b', 'unexpected `b` after a complete expression', 3],
    ['a.', 'expected a property name after `.`', 3],
    ['a + b', 'unexpected character `+`', 3],
    ['', 'empty expression', 1],
  ])('rejects %j: %s at position %d', (expression, problem, position) => {
    const error = catchError(() => parseExpression(expression));
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error.message).toContain(problem);
    expect(error.message).toContain(`at position ${position} of \`${expression}\``);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(() => parseExpression('!'.repeat(500) + 'a')).toThrow(/nested too deeply/);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
