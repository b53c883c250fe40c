import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExpressionContext } from './context.js';
import { evaluateCondition, evaluateExpression, interpolate } from './expression.js';
import type { ExpressionValue } from './values.js';

const context: ExpressionContext = {
  event: {
    ref: 'refs/heads/main',
    labels: [{ name: 'bug' }, { name: 'ui' }, { id: 3 }],
    commits: { a: { id: 'x1' }, b: { id: 'x2' } },
  },
  env: { STAGE: 'prod', COUNT: '3' },
  steps: { build: { outputs: { digest: 'sha256:abc' }, outcome: 'success' } },
  needs: { test: { outputs: { coverage: '91.5' }, result: 'success' } },
};

describe('evaluateExpression', () => {
  it.each<[string, ExpressionValue]>([
    ['null', null],
    ['0xff', 255],
    ['-2.99e-2', -0.0299],
    ["'It''s'", "It's"],
    ["github.ref == 'REFS/HEADS/MAIN'", true],
    ["event['ref']", 'refs/heads/main'],
    ['event.labels[1].name', 'ui'],
    ['event.labels.*.name', ['bug', 'ui']],
    ['event.commits.*.id', ['x1', 'x2']],
    ['event.missing.deeper', null],
    ['steps.build.outputs.digest', 'sha256:abc'],
    ['needs.test.outputs.coverage > 90', true],
    ['env.COUNT == 3', true],
    ["'' == 0", true],
    ['null == 0', true],
    ['true == 1', true],
    ["'abc' == 0", false],
    ["'0x10' == 16", true],
    ["'b' > 'A'", true],
    ['1 < NaN', false],
    ['NaN == NaN', false],
    ['!0', true],
    ["'' || 'fallback'", 'fallback'],
    ["env.STAGE && 'deploy'", 'deploy'],
    ["contains('Hello World', 'WORLD')", true],
    ["contains(event.labels.*.name, 'BUG')", true],
    ["startsWith(github.ref, 'refs/heads/')", true],
    ["endsWith(github.ref, '/MAIN')", true],
    ["format('{0}-{{literal}}-{1}', 'a', 2)", 'a-{literal}-2'],
    ["join(event.labels.*.name, ', ')", 'bug, ui'],
    ["join('single')", 'single'],
    ['fromJSON(\'{"a":[1,true]}\').a[1]', true],
    ["toJSON(fromJSON('[1]'))", '[\n  1\n]'],
    ['always()', true],
    ['success()', true],
    ['failure()', false],
  ])('%s gives %j', (expression, expected) => {
    expect(evaluateExpression(expression, context)).toEqual(expected);
  });

  it.each([
    ['matrix.os', 'unknown context `matrix`'],
    ["format('{2}', 1)", 'format() refers to {2} but was given 1 value(s)'],
    ["format('{', 1)", 'format() string has a `{`'],
    ["format('}')", 'lone `}`'],
    ["fromJSON('nope')", 'not JSON'],
    ["contains(event, 'x')", 'has no text form; wrap it in toJSON()'],
  ])('%s fails with %s', (expression, problem) => {
    expect(() => evaluateExpression(expression, context)).toThrow(problem);
  });

  it('is loose equality both ways round (property)', () => {
    const scalar = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.string());
    fc.assert(
      fc.property(scalar, scalar, (a, b) => {
        const ctx: ExpressionContext = { env: { a, b } };
        expect(evaluateExpression('env.a == env.b', ctx)).toBe(
          evaluateExpression('env.b == env.a', ctx),
        );
        expect(evaluateExpression('env.a != env.b', ctx)).toBe(
          !evaluateExpression('env.a == env.b', ctx),
        );
      }),
    );
  });

  it('reads back any string written as a quoted literal (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(evaluateExpression(`'${text.replaceAll("'", "''")}'`, {})).toBe(text);
      }),
    );
  });
});

describe('interpolate', () => {
  it.each([
    ['image:${{ steps.build.outputs.digest }}', 'image:sha256:abc'],
    ['${{ env.STAGE }}/${{ needs.test.result }}', 'prod/success'],
    ["${{ '}}' }}", '}}'],
    ['${{ null }}|${{ true }}|${{ 1.5 }}', '|true|1.5'],
    ['no expressions', 'no expressions'],
  ])('%s becomes %s', (template, expected) => {
    expect(interpolate(template, context)).toBe(expected);
  });

  it('asks for toJSON when an object would be inserted', () => {
    expect(() => interpolate('x ${{ event }}', context)).toThrow(/toJSON/);
  });

  it('names the template and position of an unclosed expression', () => {
    expect(() => interpolate('a ${{ env.X', context)).toThrow(
      'unterminated `${{` at position 3 of `a ${{ env.X`',
    );
  });
});

describe('evaluateCondition', () => {
  const failed: ExpressionContext = { ...context, status: { failed: true, cancelled: false } };
  const cancelled: ExpressionContext = { ...context, status: { failed: false, cancelled: true } };
  const states: Record<string, ExpressionContext> = { ok: context, failed, cancelled };
  it.each<[string, string, boolean]>([
    ["github.ref == 'refs/heads/main'", 'ok', true],
    ["${{ github.ref == 'refs/heads/main' }}", 'ok', true],
    ["github.ref == 'refs/heads/main'", 'failed', false],
    ['always()', 'failed', true],
    ['failure()', 'failed', true],
    ['failure()', 'ok', false],
    ['cancelled()', 'cancelled', true],
    ["!cancelled() && env.STAGE == 'prod'", 'failed', true],
    ['true', 'cancelled', false],
    ['env.STAGE', 'ok', true],
    ['env.MISSING', 'ok', false],
  ])('%s when %s is %s', (condition, state, expected) => {
    expect(evaluateCondition(condition, states[state] ?? context)).toBe(expected);
  });

  it('refuses a condition that mixes ${{ }} with text, which GitHub would treat as always true', () => {
    expect(() => evaluateCondition("${{ env.STAGE }} == 'prod'", context)).toThrow(/always true/);
  });
});
