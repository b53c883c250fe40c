import { describe, expect, it } from 'vitest';
import type { InstalledPackage } from './package-inventory.js';
import { cycloneDxDocument, spdxDocument } from './sbom-document.js';

const packages: InstalledPackage[] = [
  {
    ecosystem: 'Debian',
    name: 'libc6',
    version: '2.36-9',
    source: 'glibc',
    sourceVersion: '2.36-9',
    arch: 'amd64',
    foundIn: '/var/lib/dpkg/status',
  },
  {
    ecosystem: 'PyPI',
    name: 'Requests',
    version: '2.31.0',
    source: 'requests',
    sourceVersion: '2.31.0',
    license: 'Apache-2.0',
    foundIn: '/m',
  },
  {
    ecosystem: 'PyPI',
    name: 'old',
    version: '1',
    source: 'old',
    sourceVersion: '1',
    license: 'BSD License, see file',
    foundIn: '/m2',
  },
];
const inventory = {
  reference: '127.0.0.1:5000/shop/web:1.0',
  digest: `sha256:${'c'.repeat(64)}`,
  os: { id: 'debian', versionId: '12', name: 'Debian 12' },
  packages,
};
const meta = {
  created: new Date('2024-05-01T10:00:00.123Z'),
  uuid: '11111111-2222-4333-8444-555555555555',
  toolVersion: '0.1.0',
};

describe('spdxDocument', () => {
  const doc = spdxDocument(inventory, meta) as {
    packages: {
      SPDXID: string;
      name: string;
      licenseDeclared: string;
      externalRefs?: { referenceLocator: string }[];
    }[];
    relationships: {
      spdxElementId: string;
      relationshipType: string;
      relatedSpdxElement: string;
    }[];
  } & Record<string, unknown>;

  it('is an SPDX 2.3 document describing the image', () => {
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      creationInfo: { created: '2024-05-01T10:00:00Z', creators: ['Tool: slipway-0.1.0'] },
    });
    expect(doc['documentNamespace']).toMatch(/^https:\/\/.*11111111-2222-4333-8444-555555555555$/);
    expect(doc.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Image',
    });
  });

  it('lists each package with a valid SPDXID, its purl, and only SPDX license expressions', () => {
    const listed = doc.packages.slice(1);
    expect(listed.map((p) => p.SPDXID.match(/^SPDXRef-[A-Za-z0-9.-]+$/) !== null)).toEqual([
      true,
      true,
      true,
    ]);
    expect(listed.map((p) => p.externalRefs?.[0]?.referenceLocator)).toEqual([
      'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12',
      'pkg:pypi/requests@2.31.0',
      'pkg:pypi/old@1',
    ]);
    expect(listed.map((p) => p.licenseDeclared)).toEqual([
      'NOASSERTION',
      'Apache-2.0',
      'NOASSERTION',
    ]);
    expect(new Set(doc.packages.map((p) => p.SPDXID)).size).toBe(doc.packages.length);
    expect(doc.relationships.filter((r) => r.relationshipType === 'CONTAINS')).toHaveLength(3);
  });
});

describe('cycloneDxDocument', () => {
  it('is a CycloneDX 1.5 BOM of the container with a component per package', () => {
    const doc = cycloneDxDocument(inventory, meta);
    expect(doc).toMatchObject({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      serialNumber: 'urn:uuid:11111111-2222-4333-8444-555555555555',
      version: 1,
      metadata: {
        timestamp: '2024-05-01T10:00:00Z',
        component: { type: 'container', name: inventory.reference, version: inventory.digest },
      },
    });
    expect(doc['components']).toEqual([
      expect.objectContaining({
        type: 'library',
        name: 'libc6',
        version: '2.36-9',
        purl: 'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12',
      }),
      expect.objectContaining({ name: 'Requests', licenses: [{ expression: 'Apache-2.0' }] }),
      expect.objectContaining({
        name: 'old',
        licenses: [{ license: { name: 'BSD License, see file' } }],
      }),
    ]);
  });
});
