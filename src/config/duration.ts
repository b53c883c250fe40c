import { InputError } from '../errors/index.js';

// One parser for every duration a user writes: Argo's fields (pause, interval, refreshInterval)
// and the CLI's flags (--poll-interval 2m).

const durationUnitsMs: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const durationPart = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;

/**
 * Parses an Argo duration ("30s", "5m", "1h30m", "500ms"); a plain number (or a string of one) means seconds, as in
 * a Rollout's `pause.duration`. Returns milliseconds. `field` names where the value came from.
 */
export function parseDuration(value: string | number, field: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value * 1000;
    throw durationError(value, field);
  }
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (text === '') throw durationError(value, field);
  durationPart.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = durationPart.exec(text); match; match = durationPart.exec(text)) {
    total += Number(match[1]) * (durationUnitsMs[match[2] ?? ''] ?? Number.NaN);
    consumed = durationPart.lastIndex;
  }
  if (consumed !== text.length || !Number.isFinite(total)) throw durationError(value, field);
  return total;
}

function durationError(value: string | number, field: string): InputError {
  return new InputError(`${field}: ${JSON.stringify(value)} is not a duration`, {
    hint: 'write a number of seconds or a duration such as "30s", "5m", "1h" or "500ms"',
  });
}
