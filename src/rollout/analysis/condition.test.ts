import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConditionError, evaluateCondition, evaluateExpression } from './condition.js';

const value = (expression: string, result?: unknown): unknown =>
  evaluateExpression(expression, { result });

describe('evaluateCondition on conditions from Argo documentation and users', () => {
  it.each([
    ['result[0] >= 0.95', [0.97], true],
    ['result[0] >= 0.95', [0.9], false],
    ['result >= 0.95', 0.95, true],
    ['result == "up"', 'up', true],
    ['result.ok == true', { ok: true }, true],
    ['result.data.ok', { data: { ok: false } }, false],
    ['len(result) == 0 || result[0] < 5', [], true],
    ['len(result) > 0 && result[0] < 5', [], false],
    ['all(result, {# > 0.9})', [0.95, 0.99], true],
    ['all(result, {# > 0.9})', [0.95, 0.5], false],
    ['any(result, {# < 0})', [1, -1], true],
    ['none(result, {# < 0})', [1, 2], true],
    ['all(result, # > 0)', [1], true],
    ['all(result, {.ok})', [{ ok: true }, { ok: true }], true],
    ['isNaN(result[0])', [Number.NaN], true],
    ['isInf(result)', Infinity, true],
    ['isNil(result)', null, true],
    ['asInt(result) == 3', '3', true],
    ['asFloat(result) > 0.5', '0.75', true],
    ['default(result, 1) == 1', null, true],
    ['result in [200, 201]', 201, true],
    ['result not in [200, 201]', 500, true],
    ['"a" in result', { a: 1 }, true],
    ['not (result > 1)', 0, true],
    ['!(result > 1) and result >= 0', 0, true],
    ['result > 1 or result < -1', -2, true],
    ['result[-1] == 3', [1, 2, 3], true],
    ['result["key-with-dash"] == 2', { 'key-with-dash': 2 }, true],
    ['result?.missing?.deeper == nil', {}, true],
    ['result.missing == nil', {}, true],
    ["result == 'single quoted'", 'single quoted', true],
    ['result > 1 ? true : false', 2, true],
  ])('%s with result %j is %s', (expression, result, expected) => {
    expect(evaluateCondition(expression, result)).toBe(expected);
  });
});

describe('evaluateExpression', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['2 ** 3 ** 2', 512],
    ['-2 ** 2', -4],
    ['10 % 4', 2],
    ['7 / 2', 3.5],
    ['1 / 0', Infinity],
    ['.5 + 1e2', 100.5],
    ['1 - 2 - 3', -4],
    ['"a" + "b"', 'ab'],
    ['[1, 2][1]', 2],
    ['len("four")', 4],
    ['len([])', 0],
    ['count([1, 2, 3], {# > 1})', 2],
    ['filter([1, 2, 3], {# > 1})', [2, 3]],
    ['map([1, 2], {# * 2})', [2, 4]],
    ['one([1, 2], {# > 1})', true],
    ['abs(-3) + int(2.7)', 5],
    ['nil ?? 4', 4],
    ['"x\\ty"', 'x\ty'],
  ])('%s is %j', (expression, expected) => {
    expect(value(expression)).toEqual(expected);
  });

  it('binds `result` and no other name', () => {
    expect(value('result', 5)).toBe(5);
    expect(() => value('results > 1', 5)).toThrow(
      'condition "results > 1": unknown name "results" (the measured value is `result`) at column 1',
    );
  });
});

describe('conditions that do not parse', () => {
  it.each([
    ['result >', 'expected a value but found the end of the expression at column 9'],
    ['result >= 0.95)', 'unexpected ")" at column 15'],
    ['(result > 1', 'expected ")" but found the end of the expression at column 12'],
    ['result @ 1', 'unexpected character "@" at column 8'],
    ['result == "open', 'string opened with " is never closed at column 11'],
    ['result.', 'expected a field name but found the end of the expression at column 8'],
    ['all(result {# > 0})', 'expected "," but found "{" at column 12'],
  ])('%s names the expression and column', (expression, problem) => {
    expect(() => evaluateCondition(expression, 1)).toThrow(
      `condition ${JSON.stringify(expression)}: ${problem}`,
    );
  });

  it('says how to fix it', () => {
    try {
      evaluateCondition('result >', 1);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConditionError);
      expect((error as ConditionError).hint).toContain('successCondition or failureCondition');
    }
  });
});

describe('conditions that fail at evaluation', () => {
  it.each([
    ['result[0] > 1', [], 'index 0 is out of range for array of length 0'],
    ['result > 1', 'abc', 'cannot compare string "abc" > number 1'],
    ['result + 1', 1, 'gave number 2, not true or false'],
    ['result.a.b', {}, 'cannot read "b" of nil (use ?. to allow a missing value)'],
    ['result.x', [1], 'cannot read "x" of array [1]'],
    ['result && true', 1, '"&&" needs true or false, not number 1'],
    ['len(result) > 0', 5, 'len() needs an array, string or object, not number'],
    ['asInt(result) > 0', '1.5', 'asInt() cannot read string "1.5" as an integer'],
    ['asFloat(result) > 0', 'high', 'asFloat() cannot read string "high" as a number'],
    ['all(result, {# > 0})', 1, 'all() needs an array, not number'],
    ['all(result, {#})', [1], 'the predicate of all() gave number, not true or false'],
    ['# > 1', 1, '"#" is only meaningful inside a predicate'],
    ['median(result) > 1', [1], 'unknown function median(); known:'],
    ['isNaN(result)', 'x', 'isNaN() needs a number, not string "x"'],
    ['result % 0 == 0', 4, 'modulo by zero'],
  ])('%s with %j: %s', (expression, result, problem) => {
    expect(() => evaluateCondition(expression, result)).toThrow(problem);
  });
});

describe('properties', () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

  it('comparisons agree with numbers', () => {
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        expect(evaluateCondition('result[0] < result[1]', [a, b])).toBe(a < b);
        expect(evaluateCondition('result[0] >= result[1]', [a, b])).toBe(a >= b);
        expect(evaluateCondition('result[0] == result[1]', [a, b])).toBe(a === b);
      }),
    );
  });

  it('a number literal reads back as itself', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e12, noNaN: true }), (n) => {
        expect(value(String(n))).toBe(n);
      }),
    );
  });

  it('arithmetic follows the usual precedence', () => {
    const small = fc.integer({ min: -1000, max: 1000 });
    fc.assert(
      fc.property(small, small, small, (a, b, c) => {
        expect(value(`${a} + ${b} * ${c}`)).toBe(a + b * c);
        expect(value(`(${a} - ${b}) * ${c}`)).toBe((a - b) * c);
      }),
    );
  });

  it('all and any agree with every and some', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, limit) => {
        expect(evaluateCondition(`all(result, {# > ${limit}})`, items)).toBe(
          items.every((i) => i > limit),
        );
        expect(evaluateCondition(`any(result, {# > ${limit}})`, items)).toBe(
          items.some((i) => i > limit),
        );
      }),
    );
  });

  it('never throws anything but a ConditionError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (expression, result) => {
        try {
          evaluateCondition(expression, result);
        } catch (error) {
          expect(error).toBeInstanceOf(ConditionError);
        }
      }),
    );
  });
});
