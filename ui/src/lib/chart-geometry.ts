import type { MetricPoint } from '../api/types';

// Where a daily series' bars and line points go in a chart of a given size. Pure.

export type ChartBox = { readonly width: number; readonly height: number; readonly pad: number };
export type PlacedPoint = {
  readonly date: string;
  readonly value: number | null;
  readonly x: number;
  readonly y: number;
  readonly barWidth: number;
};

/** A round maximum for the y axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max) ?? 10;
  return step * power;
}

/** Each point's slot centre (x), top (y; the baseline for a missing value) and bar width. */
export function placePoints(
  points: readonly MetricPoint[],
  box: ChartBox,
): { points: PlacedPoint[]; max: number } {
  const max = niceMax(Math.max(0, ...points.map((p) => p.value ?? 0)));
  const innerWidth = box.width - 2 * box.pad;
  const innerHeight = box.height - 2 * box.pad;
  const slot = points.length === 0 ? 0 : innerWidth / points.length;
  const baseline = box.pad + innerHeight;
  return {
    max,
    points: points.map((p, i) => ({
      date: p.date,
      value: p.value,
      x: box.pad + slot * (i + 0.5),
      y: p.value === null ? baseline : baseline - (p.value / max) * innerHeight,
      barWidth: Math.max(1, slot * 0.7),
    })),
  };
}

/** An SVG path through the points that have values; a gap where a day has none. */
export function linePath(points: readonly PlacedPoint[]): string {
  let path = '';
  let pen = false;
  for (const p of points) {
    if (p.value === null) {
      pen = false;
      continue;
    }
    path += `${pen ? ' L' : path === '' ? 'M' : ' M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`;
    pen = true;
  }
  return path;
}
