import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coverageGate } from './coverage-gate.js';
import { coverageVerdict, formatPercent, parseCobertura, parseLcov } from './coverage-report.js';
import { guarded } from './step-io.js';
import { testContext } from './testing-context.js';

const cobertura = (attrs: string): string =>
  `<?xml version="1.0" ?>\n<!DOCTYPE coverage SYSTEM "x">\n<coverage ${attrs} timestamp="1">\n<packages/>\n</coverage>\n`;

describe('parseCobertura', () => {
  it.each([
    ['line-rate="0.734" branch-rate="0"', 73.4],
    ["line-rate='1'", 100],
    ['lines-valid="1000" lines-covered="734" line-rate="0.734"', 73.4],
    ['lines-valid="3" lines-covered="2"', 66.6],
    ['version="7.4" line-rate="0"', 0],
  ])('%s → %s%%', (attrs, percent) => {
    expect(formatPercent(parseCobertura(cobertura(attrs), 'coverage.xml').percent)).toBe(
      percent.toFixed(1),
    );
  });

  it.each([
    ['<report/>', 'coverage.xml has no <coverage> element'],
    [
      cobertura('branch-rate="1"'),
      'neither a line-rate between 0 and 1 nor lines-covered/lines-valid',
    ],
  ])('rejects %j', (xml, message) => {
    expect(() => parseCobertura(xml, 'coverage.xml')).toThrow(message);
  });
});

describe('parseLcov', () => {
  it.each([
    ['TN:\nSF:a.ts\nLF:10\nLH:7\nend_of_record\nSF:b.ts\nLF:10\nLH:10\nend_of_record\n', 85],
    ['SF:a.ts\r\nLF:3\r\nLH:0\r\nend_of_record\r\n', 0],
  ])('sums LH over LF', (text, percent) => {
    expect(parseLcov(text, 'lcov.info').percent).toBeCloseTo(percent);
  });

  it('rejects a report without line counts', () => {
    expect(() => parseLcov('SF:a.ts\nend_of_record\n', 'lcov.info')).toThrow(
      'no LF:/LH: line counts',
    );
  });
});

describe('coverageVerdict', () => {
  it.each<[number, number, string | undefined]>([
    [73.44, 80, 'coverage 73.4% is below 80%'],
    [79.96, 80, 'coverage 79.9% is below 80%'],
    [80, 80, undefined],
    [73.4, 72.5, undefined],
    [50, 72.5, 'coverage 50.0% is below 72.5%'],
    [0, 0, undefined],
  ])('%s%% against %s%%', (percent, min, message) => {
    expect(coverageVerdict(percent, min)).toBe(message);
  });
});

describe('slipway/coverage-gate', () => {
  let dir = '';
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('fails below the minimum with the percentage, and outputs it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-cov-'));
    await writeFile(join(dir, 'coverage.xml'), cobertura('line-rate="0.734"'));
    const result = await coverageGate(
      testContext(dir, { report: 'coverage.xml', format: 'cobertura' }),
    );
    expect(result).toEqual({
      outcome: 'failure',
      message: 'coverage 73.4% is below 80%',
      outputs: { percent: '73.4' },
    });
  });

  it('passes at or above `min`', async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-cov-'));
    await writeFile(join(dir, 'lcov.info'), 'SF:a\nLF:4\nLH:3\nend_of_record\n');
    const result = await coverageGate(
      testContext(dir, { report: 'lcov.info', format: 'lcov', min: '75' }),
    );
    expect(result).toEqual({ outcome: 'success', outputs: { percent: '75.0' } });
  });

  it('names the missing report', async () => {
    dir = await mkdtemp(join(tmpdir(), 'slipway-cov-'));
    const step = guarded('coverage-gate', coverageGate);
    const result = await step(
      testContext(dir, { report: 'out/coverage.xml', format: 'cobertura' }),
    );
    expect(result.outcome).toBe('failure');
    expect(result.message).toContain('cannot read the coverage report out/coverage.xml');
  });
});
