import { describe, expect, it } from 'vitest';
import type { RolloutSpec } from '../../config/rollout.js';
import { selectorMatches, selectorString } from './label-selector.js';
import { describeProblems, validateRolloutSpec } from './validate-rollout.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [] } };
const base: RolloutSpec = {
  replicas: 5,
  selector: { matchLabels: { app: 'web' } },
  template,
  strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
};
const canary = (over: Partial<RolloutSpec['strategy']['canary']>): RolloutSpec => ({
  ...base,
  strategy: { canary: { ...base.strategy.canary, ...over } },
});

describe('validateRolloutSpec', () => {
  it('accepts a plain canary', () => {
    expect(validateRolloutSpec(base, template)).toEqual([]);
  });

  it.each<[string, RolloutSpec, string, RegExp]>([
    [
      'a weight above 100',
      canary({ steps: [{ setWeight: 120 }] }),
      'spec.strategy.canary.steps[0].setWeight',
      /120 is not a percentage/,
    ],
    [
      'a decreasing weight',
      canary({ steps: [{ setWeight: 50 }, { setWeight: 20 }] }),
      'spec.strategy.canary.steps[1].setWeight',
      /20 is below the 50/,
    ],
    [
      'an empty step',
      canary({ steps: [{}] }),
      'spec.strategy.canary.steps[0]',
      /exactly one of .* none/,
    ],
    [
      'a step with two kinds',
      canary({ steps: [{ setWeight: 10, pause: {} }] }),
      'spec.strategy.canary.steps[0]',
      /setWeight and pause/,
    ],
    [
      'a bad pause duration',
      canary({ steps: [{ pause: { duration: 'soon' } }] }),
      'spec.strategy.canary.steps[0].pause.duration',
      /"soon" is not a duration/,
    ],
    [
      'routing without services',
      canary({ trafficRouting: { nginx: { stableIngress: 'web' } } }),
      'spec.strategy.canary.canaryService',
      /needs both/,
    ],
    [
      'one service for both',
      canary({ canaryService: 'web', stableService: 'web' }),
      'spec.strategy.canary.canaryService',
      /also the stableService/,
    ],
    [
      'no surge and no unavailability',
      canary({ maxSurge: 0, maxUnavailable: 0 }),
      'spec.strategy.canary.maxSurge',
      /both 0/,
    ],
    [
      'a selector that misses the template',
      { ...base, selector: { matchLabels: { app: 'api' } } },
      'spec.selector',
      /does not match the template's labels/,
    ],
    ['no selector', { ...base, selector: undefined }, 'spec.selector', /non-empty selector/],
    [
      'template and workloadRef',
      { ...base, workloadRef: { kind: 'Deployment', name: 'web' } },
      'spec.template',
      /not both/,
    ],
  ])('rejects %s, naming the field', (_name, spec, field, message) => {
    const problems = validateRolloutSpec(spec, spec.template);
    const problem = problems.find((p) => p.field === field);
    expect(problem?.message).toMatch(message);
    expect(describeProblems(problems)).toContain(`${field}: `);
  });
});

describe('label selectors', () => {
  it.each([
    [{ matchLabels: { app: 'web' } }, { app: 'web', tier: 'x' }, true],
    [{ matchLabels: { app: 'web' } }, { app: 'api' }, false],
    [
      { matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['a', 'b'] }] },
      { tier: 'b' },
      true,
    ],
    [
      { matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['a'] }] },
      { tier: 'a' },
      false,
    ],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' as const }] }, {}, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' as const }] }, {}, true],
  ])('%j against %j is %s', (selector, labels, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });

  it('writes the API parameter form', () => {
    expect(
      selectorString({
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 't', operator: 'In', values: ['a', 'b'] }],
      }),
    ).toBe('app=web,t in (a,b)');
  });
});
