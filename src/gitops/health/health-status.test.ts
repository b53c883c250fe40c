import { describe, expect, it } from 'vitest';
import {
  HEALTH_STATUSES,
  healthOf,
  isHealthStatus,
  isWorseHealth,
  worstHealth,
  type HealthStatus,
} from './health-status.js';

describe('worstHealth', () => {
  it('is Healthy for an empty list', () => {
    expect(worstHealth([])).toBe('Healthy');
  });

  it.each<[HealthStatus[], HealthStatus]>([
    [['Healthy'], 'Healthy'],
    [['Healthy', 'Suspended'], 'Suspended'],
    [['Suspended', 'Progressing'], 'Progressing'],
    [['Progressing', 'Missing'], 'Missing'],
    [['Missing', 'Degraded'], 'Degraded'],
    [['Degraded', 'Unknown'], 'Unknown'],
    [['Unknown', 'Healthy', 'Degraded'], 'Unknown'],
    [['Healthy', 'Progressing', 'Healthy', 'Suspended'], 'Progressing'],
    [['Degraded', 'Progressing', 'Suspended', 'Missing'], 'Degraded'],
  ])('folds %j into %s', (statuses, expected) => {
    expect(worstHealth(statuses)).toBe(expected);
  });

  it('does not depend on the order of its input', () => {
    const all = [...HEALTH_STATUSES];
    expect(worstHealth(all)).toBe('Unknown');
    expect(worstHealth([...all].reverse())).toBe('Unknown');
  });
});

describe('isWorseHealth', () => {
  // Argo CD's order, most to least healthy.
  const order: HealthStatus[] = [
    'Healthy',
    'Suspended',
    'Progressing',
    'Missing',
    'Degraded',
    'Unknown',
  ];
  const pairs = order.flatMap((better, i) =>
    order.slice(i + 1).map((worse): [HealthStatus, HealthStatus] => [better, worse]),
  );

  it.each(pairs)('ranks %s above %s', (better, worse) => {
    expect(isWorseHealth(better, worse)).toBe(true);
    expect(isWorseHealth(worse, better)).toBe(false);
  });

  it.each(order)('does not rank %s worse than itself', (status) => {
    expect(isWorseHealth(status, status)).toBe(false);
  });
});

describe('isHealthStatus', () => {
  it.each([['Healthy'], ['Suspended'], ['Unknown']])('accepts %s', (value) => {
    expect(isHealthStatus(value)).toBe(true);
  });

  it.each([['healthy'], ['Ready'], [''], [undefined], [3]])('rejects %j', (value) => {
    expect(isHealthStatus(value)).toBe(false);
  });
});

describe('healthOf', () => {
  it('leaves out an empty or absent message', () => {
    expect(healthOf('Healthy', '')).toEqual({ status: 'Healthy' });
    expect(healthOf('Healthy')).not.toHaveProperty('message');
    expect(healthOf('Degraded', 'boom')).toEqual({ status: 'Degraded', message: 'boom' });
  });
});
