// Line coverage out of the two report formats test tools commonly write: Cobertura XML
// (coverage.py, jest/istanbul) and LCOV. Pure.
import { InputError } from '../../errors/index.js';

export type CoverageFormat = 'cobertura' | 'lcov';

export type Coverage = {
  readonly percent: number;
  readonly covered: number | undefined;
  readonly valid: number | undefined;
};

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1];
}

export function parseCobertura(xml: string, file: string): Coverage {
  const root = /<coverage\b[^>]*>/.exec(xml)?.[0];
  if (root === undefined) {
    throw new InputError(`${file} has no <coverage> element, so it is not a Cobertura report`, {
      hint: 'write the report with `coverage xml` / `pytest --cov-report=xml`, or set format: lcov',
    });
  }
  const covered = Number(attribute(root, 'lines-covered'));
  const valid = Number(attribute(root, 'lines-valid'));
  const counts = Number.isFinite(covered) && Number.isFinite(valid) && valid > 0;
  const rate = Number(attribute(root, 'line-rate') ?? Number.NaN);
  if (Number.isFinite(rate) && rate >= 0 && rate <= 1) {
    return {
      percent: rate * 100,
      covered: counts ? covered : undefined,
      valid: counts ? valid : undefined,
    };
  }
  if (counts) return { percent: (covered / valid) * 100, covered, valid };
  throw new InputError(
    `${file}: <coverage> has neither a line-rate between 0 and 1 nor lines-covered/lines-valid`,
    { hint: 'check that the report was written completely' },
  );
}

export function parseLcov(text: string, file: string): Coverage {
  let covered = 0;
  let valid = 0;
  let records = 0;
  for (const line of text.split('\n')) {
    const match = /^(LH|LF):(\d+)\s*$/.exec(line.trim());
    if (match === null) continue;
    if (match[1] === 'LH') covered += Number(match[2]);
    else {
      valid += Number(match[2]);
      records++;
    }
  }
  if (records === 0 || valid === 0) {
    throw new InputError(
      `${file} has no LF:/LH: line counts, so it is not an LCOV report with lines`,
      {
        hint: 'write the report with an lcov reporter, or set format: cobertura',
      },
    );
  }
  return { percent: (covered / valid) * 100, covered, valid };
}

export function parseCoverage(format: CoverageFormat, text: string, file: string): Coverage {
  return format === 'cobertura' ? parseCobertura(text, file) : parseLcov(text, file);
}

/**
 * One decimal, rounded down: 79.96% shows as 79.9%, never as an "80.0%" that is below 80%.
 * The epsilon keeps 0.734 * 100 = 73.39999… showing as 73.4.
 */
export const formatPercent = (percent: number): string =>
  (Math.floor(percent * 10 + 1e-6) / 10).toFixed(1);

/** The gate: undefined when it passes, else "coverage 73.4% is below 80%". */
export function coverageVerdict(percent: number, min: number): string | undefined {
  return percent + 1e-9 >= min ? undefined : `coverage ${formatPercent(percent)}% is below ${min}%`;
}
