import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors/index.js';
import type { StepAction, StepResult } from '../run/step-action.js';
import { inspectImage } from './image-contents.js';
import { parseImageRef } from './image-ref.js';
import { matchAdvisories, parseAdvisories, type Advisory } from './osv-match.js';
import {
  bySeverity,
  configFindings,
  describeFinding,
  thresholdFailure,
  vulnerabilityFinding,
} from './scan-findings.js';
import { parseThreshold } from './severity.js';
import { failure, optionalInput, requiredInput, slug, workspacePath } from './step-io.js';
import type { StepContext } from '../run/step-action.js';

async function loadAdvisories(context: StepContext): Promise<Advisory[] | undefined> {
  const given = optionalInput(context, 'advisories');
  if (given === undefined) return undefined;
  const path = workspacePath(context, given, 'advisories');
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new InputError(`cannot read the advisory file ${path}: ${String(cause)}`, {
      hint: 'point `with.advisories` at an OSV JSON file in the repository, or drop it',
      cause,
    });
  });
  return parseAdvisories(text, path);
}

/**
 * Scans an image: its config and reference (root user, secrets in env, `latest`), and its Debian
 * and Python packages against the OSV advisories in `with.advisories` when given. With no
 * vulnerability database in reach, no advisories means no vulnerability matching, and the report
 * says so rather than claiming the image is clean.
 */
export const imageScan: StepAction = async (context): Promise<StepResult> => {
  const image = requiredInput(context, 'image', 'image-scan');
  const threshold = parseThreshold(optionalInput(context, 'severity-threshold'));
  const advisories = await loadAdvisories(context);
  const inventory = await inspectImage(image);
  const matches = matchAdvisories(inventory.packages, advisories ?? [], inventory.os);
  const findings = bySeverity([
    ...configFindings(inventory.config, parseImageRef(image).tag),
    ...matches.map(vulnerabilityFinding),
  ]);
  context.log(
    `image-scan: ${inventory.packages.length} packages, ${advisories?.length ?? 0} advisories, ${findings.length} findings`,
  );
  for (const finding of findings) context.log(`image-scan: ${describeFinding(finding)}`);
  const report = {
    image,
    imageId: inventory.imageId,
    digest: inventory.digest ?? null,
    os: inventory.os ?? null,
    packages: inventory.packages.length,
    vulnerabilityDatabase:
      advisories === undefined
        ? 'none: no `advisories` file was given, so packages were not matched against any advisory'
        : `${advisories.length} OSV advisories from ${optionalInput(context, 'advisories') ?? ''}`,
    threshold: threshold ?? null,
    findings,
  };
  await mkdir(context.run.artifactsDir, { recursive: true });
  const name = `image-scan-${slug(image)}.json`;
  const path = join(context.run.artifactsDir, name);
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  const outputs = { findings: String(findings.length), report: path };
  const artifacts = [{ name, path }];
  const blocked = thresholdFailure(findings, threshold);
  if (blocked !== undefined) return { ...failure(blocked, outputs), artifacts };
  return { outcome: 'success', outputs, artifacts };
};
