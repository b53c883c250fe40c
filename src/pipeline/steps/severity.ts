import { InputError } from '../../errors/index.js';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof severities)[number];

export const severityRank = (severity: Severity): number => severities.indexOf(severity);

export const atOrAbove = (severity: Severity, threshold: Severity): boolean =>
  severityRank(severity) >= severityRank(threshold);

const labels: Readonly<Record<string, Severity>> = {
  negligible: 'low',
  unimportant: 'low',
  low: 'low',
  moderate: 'medium',
  medium: 'medium',
  important: 'high',
  high: 'high',
  critical: 'critical',
};

/** A severity as advisory databases spell it (GitHub's MODERATE, Debian's unimportant). Pure. */
export function severityFromLabel(label: string): Severity | undefined {
  return labels[label.trim().toLowerCase()];
}

/** CVSS's qualitative bands: 0.1–3.9 low, 4–6.9 medium, 7–8.9 high, 9–10 critical. */
export function severityFromScore(score: number): Severity | undefined {
  if (!(score > 0)) return undefined;
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  return score >= 4 ? 'medium' : 'low';
}

export function parseThreshold(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const found = severities.find((s) => s === value.trim().toLowerCase());
  if (found === undefined) {
    throw new InputError(`\`with.severity-threshold\` ${JSON.stringify(value)} is not a severity`, {
      hint: `use one of ${severities.join(', ')}`,
    });
  }
  return found;
}
