// What image-scan reports: configuration checks on the image config and reference, plus the
// advisory matches, each a finding with a severity; and the verdict against a threshold. Pure.
import type { ImageConfig } from './image-contents.js';
import type { VulnerabilityMatch } from './osv-match.js';
import { atOrAbove, severityRank, type Severity } from './severity.js';

export type Finding = {
  readonly kind: 'config' | 'vulnerability';
  /** A check name (`runs-as-root`) or the advisory id. */
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly package?: {
    readonly name: string;
    readonly version: string;
    readonly ecosystem: string;
  };
  readonly fixedIn?: string;
};

const secretName = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;

function isRoot(user: string): boolean {
  const name = user.split(':')[0]?.trim() ?? '';
  return name === '' || name === 'root' || name === '0';
}

/** Findings about how the image is configured and referenced. */
export function configFindings(config: ImageConfig, tag: string | undefined): Finding[] {
  const findings: Finding[] = [];
  if (isRoot(config.user)) {
    const why =
      config.user.trim() === '' ? 'config.User is empty' : `config.User is ${config.user}`;
    findings.push({
      kind: 'config',
      id: 'runs-as-root',
      severity: 'high',
      title: `image runs as root (${why})`,
    });
  }
  for (const entry of config.env) {
    const eq = entry.indexOf('=');
    const name = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? '' : entry.slice(eq + 1);
    if (secretName.test(name) && value.trim() !== '') {
      findings.push({
        kind: 'config',
        id: 'secret-in-env',
        severity: 'high',
        title: `environment variable ${name} looks like a secret baked into the image config`,
      });
    }
  }
  if (tag === 'latest') {
    findings.push({
      kind: 'config',
      id: 'latest-tag',
      severity: 'medium',
      title: 'image is referenced by the mutable tag `latest`; deploy it by digest',
    });
  }
  return findings;
}

export function vulnerabilityFinding(match: VulnerabilityMatch): Finding {
  const { pkg } = match;
  const fixed = match.fixedIn === undefined ? 'no fix listed' : `fixed in ${match.fixedIn}`;
  const summary = match.summary === undefined ? '' : `: ${match.summary}`;
  return {
    kind: 'vulnerability',
    id: match.advisory,
    severity: match.severity,
    title: `${match.advisory} in ${pkg.name} ${pkg.version} (${fixed})${summary}`,
    package: { name: pkg.name, version: pkg.version, ecosystem: pkg.ecosystem },
    ...(match.fixedIn === undefined ? {} : { fixedIn: match.fixedIn }),
  };
}

export const bySeverity = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));

export const describeFinding = (finding: Finding): string =>
  `${finding.severity.toUpperCase()}: ${finding.title}`;

/** The failure message when findings reach the threshold, else undefined. */
export function thresholdFailure(
  findings: readonly Finding[],
  threshold: Severity | undefined,
): string | undefined {
  if (threshold === undefined) return undefined;
  const blocking = bySeverity(findings.filter((f) => atOrAbove(f.severity, threshold)));
  if (blocking.length === 0) return undefined;
  const shown = blocking.slice(0, 5).map(describeFinding).join('; ');
  const more = blocking.length > 5 ? `; and ${blocking.length - 5} more` : '';
  return `image-scan: ${shown}${more}`;
}
