import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors/index.js';
import type { StepAction, StepResult } from '../run/step-action.js';
import {
  coverageVerdict,
  formatPercent,
  parseCoverage,
  type CoverageFormat,
} from './coverage-report.js';
import { failure, optionalInput, requiredInput, workspacePath } from './step-io.js';

function coverageFormat(value: string): CoverageFormat {
  if (value === 'cobertura' || value === 'lcov') return value;
  throw new InputError(`\`with.format\` ${JSON.stringify(value)} is not a coverage format`, {
    hint: 'use cobertura or lcov',
  });
}

function minimum(value: string | undefined): number {
  if (value === undefined) return 80;
  const min = Number(value);
  if (!Number.isFinite(min) || min < 0 || min > 100) {
    throw new InputError(`\`with.min\` ${JSON.stringify(value)} is not a percentage`, {
      hint: 'give a number between 0 and 100, e.g. 80',
    });
  }
  return min;
}

/** Fails the job when line coverage in the report is below `min` percent (default 80). */
export const coverageGate: StepAction = async (context): Promise<StepResult> => {
  const report = requiredInput(context, 'report', 'coverage-gate');
  const format = coverageFormat(requiredInput(context, 'format', 'coverage-gate').toLowerCase());
  const min = minimum(optionalInput(context, 'min'));
  const path = workspacePath(context, report, 'report');
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new InputError(`cannot read the coverage report ${report}: ${String(cause)}`, {
      hint: 'run the tests with coverage before this step, and check `with.report`',
      cause,
    });
  });
  const coverage = parseCoverage(format, text, report);
  const percent = formatPercent(coverage.percent);
  const counts =
    coverage.covered === undefined ? '' : ` (${coverage.covered} of ${coverage.valid} lines)`;
  context.log(`coverage-gate: ${percent}%${counts}, minimum ${min}%`);
  const verdict = coverageVerdict(coverage.percent, min);
  return verdict === undefined
    ? { outcome: 'success', outputs: { percent } }
    : failure(verdict, { percent });
};
