import { describe, expect, it } from 'vitest';
import { linePath, niceMax, placePoints } from './chart-geometry';

describe('niceMax', () => {
  it.each([
    [0, 1],
    [0.3, 0.5],
    [1, 1],
    [3, 5],
    [7, 10],
    [12, 20],
    [86_400, 100_000],
  ])('%d rounds up to %d', (max, nice) => {
    expect(niceMax(max)).toBeCloseTo(nice);
  });
});

describe('placePoints', () => {
  const box = { width: 120, height: 110, pad: 10 };
  it('spreads days evenly and scales values to the round maximum', () => {
    const { points, max } = placePoints(
      [
        { date: 'd1', value: 5 },
        { date: 'd2', value: 10 },
      ],
      box,
    );
    expect(max).toBe(10);
    expect(points.map((p) => [p.x, p.y])).toEqual([
      [35, 55],
      [85, 10],
    ]);
  });

  it('puts a missing value on the baseline', () => {
    expect(placePoints([{ date: 'd', value: null }], box).points[0]?.y).toBe(100);
  });
});

describe('linePath', () => {
  it('lifts the pen over days without a value', () => {
    const { points } = placePoints(
      [
        { date: 'a', value: 1 },
        { date: 'b', value: 1 },
        { date: 'c', value: null },
        { date: 'd', value: 1 },
      ],
      { width: 40, height: 20, pad: 0 },
    );
    expect(linePath(points)).toBe('M 5.0 0.0 L 15.0 0.0 M 35.0 0.0');
  });
});
