import { StateError } from '../../errors/index.js';

// gitleaks' JSON report, read for what a person needs to find and rotate a leak: the rule, the
// file, the line and the commit. The matched text and the secret itself are never kept.

export type Leak = {
  readonly ruleId: string;
  readonly file: string;
  readonly line: number;
  /** The commit that added it; '' when a directory (not a history) was scanned. */
  readonly commit: string;
};

const redacted = 'REDACTED';
/** Fields of a gitleaks finding that can hold the secret, in full or in part. */
const secretFields = ['Secret', 'Match', 'Line', 'Fragment'] as const;

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** The findings of a gitleaks JSON report (an array; `null` or empty when nothing leaked). Pure. */
export function parseGitleaksReport(text: string, file: string): Leak[] {
  let parsed: unknown;
  try {
    parsed = text.trim() === '' ? [] : JSON.parse(text);
  } catch (cause) {
    throw new StateError(`the gitleaks report ${file} is not JSON: ${String(cause)}`, {
      hint: 'check the gitleaks version (scripts/toolchain/versions.env) writes --report-format json',
      cause,
    });
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    throw new StateError(`the gitleaks report ${file} is not a list of findings`, {
      hint: 'check the gitleaks version (scripts/toolchain/versions.env) writes --report-format json',
    });
  }
  return parsed.map((entry) => {
    const finding = record(entry);
    return {
      ruleId: typeof finding['RuleID'] === 'string' ? finding['RuleID'] : 'unknown-rule',
      file: typeof finding['File'] === 'string' ? finding['File'] : '?',
      line: typeof finding['StartLine'] === 'number' ? finding['StartLine'] : 0,
      commit: typeof finding['Commit'] === 'string' ? finding['Commit'] : '',
    };
  });
}

/**
 * The report with every field that may hold the secret blanked, whatever `--redact` did: the
 * report is kept as an artifact, and artifacts are read by more people than the repository. Pure.
 */
export function redactGitleaksReport(text: string): string {
  const parsed: unknown = text.trim() === '' ? [] : JSON.parse(text);
  const findings = Array.isArray(parsed) ? parsed : [];
  const clean = findings.map((entry) => {
    const finding = { ...record(entry) };
    for (const field of secretFields) {
      if (field in finding) finding[field] = redacted;
    }
    return finding;
  });
  return `${JSON.stringify(clean, null, 2)}\n`;
}

/** `gitleaks: aws-access-token in config/prod.env:3 (commit 1a2b3c4)`: never the value. Pure. */
export function describeLeak(leak: Leak): string {
  const where = leak.commit === '' ? 'not committed' : `commit ${leak.commit.slice(0, 7)}`;
  return `gitleaks: ${leak.ruleId} in ${leak.file}:${leak.line} (${where})`;
}
