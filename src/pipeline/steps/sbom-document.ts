// SBOM documents of an image's package inventory: SPDX 2.3 JSON and CycloneDX 1.5 JSON. Pure:
// the time and the unique ids are given, so the same inventory gives the same document.
import type { ImageInventory } from './image-contents.js';
import { packageURL, type InstalledPackage } from './package-inventory.js';

export type SbomFormat = 'spdx' | 'cyclonedx';

export type SbomMeta = {
  readonly created: Date;
  /** A UUID for the document's namespace / serial number. */
  readonly uuid: string;
  readonly toolVersion: string;
};

type Inventory = Pick<ImageInventory, 'reference' | 'digest' | 'os' | 'packages'>;

/** SPDX ids allow letters, digits, `.` and `-` only. */
const spdxId = (text: string): string => text.replace(/[^A-Za-z0-9.-]+/g, '-');

const timestamp = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Only an SPDX expression belongs in licenseDeclared; free text (Python's License:) does not. */
function spdxLicense(license: string | undefined): string {
  if (license === undefined) return 'NOASSERTION';
  return /^[A-Za-z0-9.+-]+(?:\s+(?:AND|OR|WITH)\s+[A-Za-z0-9.+-]+)*$/.test(license)
    ? license
    : 'NOASSERTION';
}

function imageVersion(inv: Inventory): string {
  return inv.digest ?? inv.reference.split(':').at(-1) ?? 'unknown';
}

export function spdxDocument(inv: Inventory, meta: SbomMeta): Record<string, unknown> {
  const imageId = 'SPDXRef-Image';
  const packageId = (pkg: InstalledPackage, index: number): string =>
    `SPDXRef-Package-${spdxId(`${pkg.ecosystem}-${pkg.name}-${index}`)}`;
  const packages = inv.packages.map((pkg, index) => ({
    name: pkg.name,
    SPDXID: packageId(pkg, index),
    versionInfo: pkg.version,
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: spdxLicense(pkg.license),
    copyrightText: 'NOASSERTION',
    sourceInfo: `installed per ${pkg.foundIn}`,
    externalRefs: [
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: packageURL(pkg, inv.os),
      },
    ],
  }));
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: inv.reference,
    documentNamespace: `https://slipway.localhost/spdx/${encodeURIComponent(inv.reference)}-${meta.uuid}`,
    creationInfo: {
      created: timestamp(meta.created),
      creators: [`Tool: slipway-${meta.toolVersion}`],
    },
    packages: [
      {
        name: inv.reference,
        SPDXID: imageId,
        versionInfo: imageVersion(inv),
        downloadLocation: 'NOASSERTION',
        filesAnalyzed: false,
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'NOASSERTION',
        copyrightText: 'NOASSERTION',
        primaryPackagePurpose: 'CONTAINER',
      },
      ...packages,
    ],
    relationships: [
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: imageId,
      },
      ...packages.map((pkg) => ({
        spdxElementId: imageId,
        relationshipType: 'CONTAINS',
        relatedSpdxElement: pkg.SPDXID,
      })),
    ],
  };
}

export function cycloneDxDocument(inv: Inventory, meta: SbomMeta): Record<string, unknown> {
  const components = inv.packages.map((pkg) => {
    const purl = packageURL(pkg, inv.os);
    const license = pkg.license;
    const licenses =
      license === undefined
        ? {}
        : spdxLicense(license) !== 'NOASSERTION'
          ? { licenses: [{ expression: license }] }
          : { licenses: [{ license: { name: license } }] };
    return {
      type: 'library',
      'bom-ref': purl,
      name: pkg.name,
      version: pkg.version,
      purl,
      ...licenses,
      properties: [{ name: 'slipway:found-in', value: pkg.foundIn }],
    };
  });
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${meta.uuid}`,
    version: 1,
    metadata: {
      timestamp: timestamp(meta.created),
      tools: { components: [{ type: 'application', name: 'slipway', version: meta.toolVersion }] },
      component: {
        type: 'container',
        'bom-ref': 'image',
        name: inv.reference,
        version: imageVersion(inv),
      },
    },
    components,
    dependencies: [{ ref: 'image', dependsOn: components.map((c) => c['bom-ref']) }],
  };
}

export function sbomDocument(
  format: SbomFormat,
  inv: Inventory,
  meta: SbomMeta,
): Record<string, unknown> {
  return format === 'spdx' ? spdxDocument(inv, meta) : cycloneDxDocument(inv, meta);
}
