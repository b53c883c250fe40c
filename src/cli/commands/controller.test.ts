import { describe, expect, it } from 'vitest';
import { parseConcurrency, parseControllers } from './controller.js';

describe('controller flags', () => {
  it('runs every controller unless told otherwise', () => {
    expect([...parseControllers(undefined)]).toEqual(['gitops', 'rollouts']);
    expect([...parseControllers('rollouts')]).toEqual(['rollouts']);
  });

  it.each(['', 'argo', 'gitops,flux'])('rejects --controllers %j, naming the choices', (raw) => {
    expect(() => parseControllers(raw)).toThrow(/--controllers: .* names no known controller/);
  });

  it('rejects a concurrency outside 1..256', () => {
    expect(() => parseConcurrency('0')).toThrow(/--concurrency: "0"/);
    expect(parseConcurrency('8')).toBe(8);
  });
});
