// Matching installed packages against advisories in OSV format (https://ossf.github.io/osv-schema/).
// There is no vulnerability database in reach, so the advisories come from a file the pipeline
// names; the matching follows the OSV spec's range evaluation. Pure.
import { z } from 'zod';
import { InputError } from '../../errors/index.js';
import { cvss3BaseScore } from './cvss.js';
import { normalizePyPIName, type InstalledPackage, type OsRelease } from './package-inventory.js';
import { severityFromLabel, severityFromScore, type Severity } from './severity.js';
import { compareDpkgVersions, comparePep440Versions, compareSemverLike } from './version-order.js';

const eventSchema = z
  .object({
    introduced: z.string().optional(),
    fixed: z.string().optional(),
    last_affected: z.string().optional(),
    limit: z.string().optional(),
  })
  .passthrough();

const severityHint = z.object({ severity: z.string().optional() }).passthrough().optional();

const advisorySchema = z
  .object({
    id: z.string(),
    summary: z.string().optional(),
    aliases: z.array(z.string()).optional(),
    severity: z.array(z.object({ type: z.string(), score: z.string() })).optional(),
    database_specific: severityHint,
    affected: z
      .array(
        z
          .object({
            package: z.object({ ecosystem: z.string(), name: z.string() }).passthrough(),
            ranges: z
              .array(z.object({ type: z.string(), events: z.array(eventSchema) }).passthrough())
              .optional(),
            versions: z.array(z.string()).optional(),
            ecosystem_specific: severityHint,
            database_specific: severityHint,
          })
          .passthrough(),
      )
      .default([]),
  })
  .passthrough();

export type Advisory = z.infer<typeof advisorySchema>;
type Affected = Advisory['affected'][number];
type OsvEvent = z.infer<typeof eventSchema>;

/** An advisory file: one OSV record, an array of them, or `{"vulns": [...]}` (OSV's API). */
export function parseAdvisories(text: string, file: string): Advisory[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new InputError(`advisory file ${file} is not JSON: ${String(cause)}`, { cause });
  }
  const list = Array.isArray(data)
    ? data
    : typeof data === 'object' && data !== null && 'vulns' in data
      ? data.vulns
      : [data];
  const parsed = z.array(advisorySchema).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `advisory file ${file} is not in OSV format: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
      { hint: 'each record needs `id` and `affected[].package.{ecosystem,name}` (OSV schema)' },
    );
  }
  return parsed.data;
}

export type VulnerabilityMatch = {
  readonly advisory: string;
  readonly aliases: readonly string[];
  readonly summary: string | undefined;
  readonly severity: Severity;
  /** False when the advisory gave no severity and `medium` was assumed. */
  readonly severityKnown: boolean;
  readonly pkg: InstalledPackage;
  readonly fixedIn: string | undefined;
};

function comparatorFor(ecosystem: string, rangeType: string): (a: string, b: string) => number {
  if (rangeType === 'SEMVER') return compareSemverLike;
  return ecosystem === 'PyPI' ? comparePep440Versions : compareDpkgVersions;
}

/** `Debian:12` matches Debian 12 only; `Debian` any release. */
function ecosystemMatches(
  osvEcosystem: string,
  pkg: InstalledPackage,
  os: OsRelease | undefined,
): boolean {
  const [name, release] = osvEcosystem.split(':');
  if (name !== pkg.ecosystem) return false;
  return release === undefined || pkg.ecosystem !== 'Debian' || os?.versionId === release;
}

function nameMatches(osvName: string, pkg: InstalledPackage): boolean {
  return pkg.ecosystem === 'PyPI'
    ? normalizePyPIName(osvName) === pkg.source
    : osvName === pkg.source || osvName === pkg.name;
}

/** The OSV spec's evaluation: walk the sorted events, entering at introduced, leaving at fixed. */
function inRange(
  version: string,
  events: readonly OsvEvent[],
  cmp: (a: string, b: string) => number,
): boolean {
  const at = (e: OsvEvent): string => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '0';
  const sorted = [...events].sort((x, y) =>
    at(x) === '0' ? -1 : at(y) === '0' ? 1 : cmp(at(x), at(y)),
  );
  let affected = false;
  for (const event of sorted) {
    if (event.introduced !== undefined) {
      if (event.introduced === '0' || cmp(version, event.introduced) >= 0) affected = true;
    } else if (event.fixed !== undefined) {
      if (cmp(version, event.fixed) >= 0) affected = false;
    } else if (event.last_affected !== undefined) {
      if (cmp(version, event.last_affected) > 0) affected = false;
    }
  }
  return affected;
}

function affects(affected: Affected, pkg: InstalledPackage): boolean {
  const version = pkg.ecosystem === 'Debian' ? pkg.sourceVersion : pkg.version;
  if (affected.versions?.includes(version) === true) return true;
  return (affected.ranges ?? [])
    .filter((range) => range.type !== 'GIT')
    .some((range) => inRange(version, range.events, comparatorFor(pkg.ecosystem, range.type)));
}

function fixedVersion(affected: Affected): string | undefined {
  return affected.ranges?.flatMap((r) => r.events).find((e) => e.fixed !== undefined)?.fixed;
}

/** The advisory's severity: a database label first, then the CVSS v3 vector's score. */
export function advisorySeverity(advisory: Advisory, affected?: Affected): Severity | undefined {
  const labels = [
    affected?.ecosystem_specific?.severity,
    affected?.database_specific?.severity,
    advisory.database_specific?.severity,
  ];
  for (const label of labels) {
    const severity = label === undefined ? undefined : severityFromLabel(label);
    if (severity !== undefined) return severity;
  }
  for (const entry of advisory.severity ?? []) {
    const score = /^\d+(\.\d+)?$/.test(entry.score)
      ? Number(entry.score)
      : cvss3BaseScore(entry.score);
    const severity = score === undefined ? undefined : severityFromScore(score);
    if (severity !== undefined) return severity;
  }
  return undefined;
}

export function matchAdvisories(
  packages: readonly InstalledPackage[],
  advisories: readonly Advisory[],
  os: OsRelease | undefined,
): VulnerabilityMatch[] {
  const matches: VulnerabilityMatch[] = [];
  for (const advisory of advisories) {
    for (const pkg of packages) {
      const hit = advisory.affected.find(
        (a) =>
          ecosystemMatches(a.package.ecosystem, pkg, os) &&
          nameMatches(a.package.name, pkg) &&
          affects(a, pkg),
      );
      if (hit === undefined) continue;
      const severity = advisorySeverity(advisory, hit);
      matches.push({
        advisory: advisory.id,
        aliases: advisory.aliases ?? [],
        summary: advisory.summary,
        severity: severity ?? 'medium',
        severityKnown: severity !== undefined,
        pkg,
        fixedIn: fixedVersion(hit),
      });
    }
  }
  return matches;
}
