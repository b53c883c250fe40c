import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors/index.js';
import type { StepAction, StepResult } from '../run/step-action.js';
import { inspectImage } from './image-contents.js';
import { sbomDocument, type SbomFormat } from './sbom-document.js';
import { requiredInput, slug } from './step-io.js';

const toolVersion = '0.1.0';

function sbomFormat(value: string): SbomFormat {
  if (value === 'spdx' || value === 'cyclonedx') return value;
  throw new InputError(`\`with.format\` ${JSON.stringify(value)} is not an SBOM format`, {
    hint: 'use spdx (SPDX 2.3 JSON) or cyclonedx (CycloneDX 1.5 JSON)',
  });
}

/** Writes an SBOM of the image's Debian and Python packages as an artifact. */
export const sbom: StepAction = async (context): Promise<StepResult> => {
  const image = requiredInput(context, 'image', 'sbom');
  const format = sbomFormat(requiredInput(context, 'format', 'sbom').toLowerCase());
  const inventory = await inspectImage(image);
  const document = sbomDocument(format, inventory, {
    created: new Date(),
    uuid: randomUUID(),
    toolVersion,
  });
  await mkdir(context.run.artifactsDir, { recursive: true });
  const name = `sbom-${slug(image)}.${format === 'spdx' ? 'spdx' : 'cdx'}.json`;
  const path = join(context.run.artifactsDir, name);
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  context.log(`sbom: ${inventory.packages.length} packages of ${image} written to ${name}`);
  return {
    outcome: 'success',
    outputs: { path, packages: String(inventory.packages.length) },
    artifacts: [{ name, path }],
  };
};
