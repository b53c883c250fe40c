import { describe, expect, it } from 'vitest';
import { describeLeak, parseGitleaksReport, redactGitleaksReport } from './gitleaks-report.js';
import { gitleaksArgs } from './secret-scan.js';

const secret = ['s3cr', 'et-value-123'].join('');
const finding = {
  RuleID: 'generic-api-key',
  File: 'app/settings.py',
  StartLine: 12,
  Commit: '1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d',
  Match: `API_KEY = "${secret}"`,
  Secret: secret,
  Fingerprint: '1a2b3c4:app/settings.py:generic-api-key:12',
};

describe('parseGitleaksReport', () => {
  it.each(['', '[]', 'null'])('reads %j as no findings', (text) => {
    expect(parseGitleaksReport(text, 'r.json')).toEqual([]);
  });

  it('keeps the rule, file, line and commit, and nothing of the secret', () => {
    const leaks = parseGitleaksReport(JSON.stringify([finding]), 'r.json');
    expect(leaks).toEqual([
      { ruleId: 'generic-api-key', file: 'app/settings.py', line: 12, commit: finding.Commit },
    ]);
    expect(JSON.stringify(leaks)).not.toContain(secret);
  });

  it.each([
    ['{not json', 'is not JSON'],
    ['{"RuleID": "x"}', 'is not a list of findings'],
  ])('rejects %j naming the report', (text, why) => {
    expect(() => parseGitleaksReport(text, 'out/r.json')).toThrow(`out/r.json ${why}`);
  });
});

describe('redactGitleaksReport', () => {
  it('blanks Secret and Match even when gitleaks left them in, and keeps the rest', () => {
    const clean = redactGitleaksReport(JSON.stringify([finding]));
    expect(clean).not.toContain(secret);
    expect(JSON.parse(clean)).toEqual([{ ...finding, Match: 'REDACTED', Secret: 'REDACTED' }]);
  });
});

describe('describeLeak', () => {
  it.each([
    [finding.Commit, 'gitleaks: aws-access-token in .env:3 (commit 1a2b3c4)'],
    ['', 'gitleaks: aws-access-token in .env:3 (not committed)'],
  ])('with commit %j', (commit, expected) => {
    expect(describeLeak({ ruleId: 'aws-access-token', file: '.env', line: 3, commit })).toBe(
      expected,
    );
  });
});

describe('gitleaksArgs', () => {
  it('scans a git range with redaction and a JSON report, exit code kept for real failures', () => {
    const args = gitleaksArgs({ mode: 'git', logOpts: 'abc..def', what: '' }, '/ws', '/a/r.json');
    expect(args.slice(0, 3)).toEqual(['git', '/ws', '--log-opts=abc..def']);
    expect(args.join(' ')).toContain('--report-format json --report-path /a/r.json --redact');
    expect(args.join(' ')).toContain('--exit-code 0');
  });

  it('scans plain files when the path is not a repository', () => {
    expect(gitleaksArgs({ mode: 'dir', what: '' }, '/ws', '/r.json').slice(0, 2)).toEqual([
      'dir',
      '/ws',
    ]);
  });
});
