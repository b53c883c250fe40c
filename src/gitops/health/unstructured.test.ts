import { describe, expect, it } from 'vitest';
import {
  conditionIsTrue,
  findCondition,
  nestedArray,
  nestedBoolean,
  nestedField,
  nestedNumber,
  nestedString,
} from './unstructured.js';

const status: unknown = {
  replicas: 3,
  phase: 'Running',
  paused: true,
  weird: Number.NaN,
  list: [1, 2],
  conditions: [
    { type: 'Available', status: 'True' },
    { status: 'True' },
    'not a condition',
    { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'slow' },
  ],
  nested: { deeper: { value: 'here' } },
};

describe('nested readers', () => {
  it.each<[string, unknown, string[]]>([
    ['a missing root', undefined, ['a']],
    ['a null root', null, ['a']],
    ['a string root', 'text', ['length']],
    ['an array step', { a: [{ b: 1 }] }, ['a', 'b']],
    ['a missing key', status, ['nothing', 'here']],
  ])('reads %s as undefined without throwing', (_name, root, path) => {
    expect(nestedField(root, ...path)).toBeUndefined();
  });

  it('walks nested objects', () => {
    expect(nestedString(status, 'nested', 'deeper', 'value')).toBe('here');
  });

  it('returns a value only when it has the asked-for type', () => {
    expect(nestedNumber(status, 'replicas')).toBe(3);
    expect(nestedNumber(status, 'phase')).toBeUndefined();
    expect(nestedNumber(status, 'weird')).toBeUndefined();
    expect(nestedString(status, 'replicas')).toBeUndefined();
    expect(nestedBoolean(status, 'paused')).toBe(true);
    expect(nestedBoolean(status, 'phase')).toBeUndefined();
    expect(nestedArray(status, 'list')).toEqual([1, 2]);
    expect(nestedArray(status, 'phase')).toEqual([]);
  });
});

describe('findCondition', () => {
  it('finds a condition by type, skipping malformed entries', () => {
    expect(findCondition(status, 'Progressing')).toEqual({
      type: 'Progressing',
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: 'slow',
    });
    expect(findCondition(status, 'Ready')).toBeUndefined();
    expect(findCondition(undefined, 'Ready')).toBeUndefined();
  });

  it.each([
    ['Available', true],
    ['Progressing', false],
    ['Ready', false],
  ])('conditionIsTrue(%s) is %s', (type, expected) => {
    expect(conditionIsTrue(status, type)).toBe(expected);
  });
});
