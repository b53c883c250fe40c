import { describe, expect, it } from 'vitest';
import {
  packageURL,
  parseDpkgStatus,
  parseOsRelease,
  parsePythonMetadata,
} from './package-inventory.js';

const status = `Package: libc6
Status: install ok installed
Architecture: amd64
Source: glibc
Version: 2.36-9+deb12u4
Description: GNU C Library
 multi-line description
 .
 more

Package: removed-thing
Status: deinstall ok config-files
Version: 1.0

Package: libpython3.11-minimal
Status: install ok installed
Architecture: amd64
Source: python3.11 (3.11.2-6+deb12u1)
Version: 3.11.2-6+deb12u1+b1
`;

describe('parseDpkgStatus', () => {
  it('keeps installed packages with their source package', () => {
    expect(parseDpkgStatus(status, '/var/lib/dpkg/status')).toEqual([
      {
        ecosystem: 'Debian',
        name: 'libc6',
        version: '2.36-9+deb12u4',
        source: 'glibc',
        sourceVersion: '2.36-9+deb12u4',
        arch: 'amd64',
        foundIn: '/var/lib/dpkg/status',
      },
      {
        ecosystem: 'Debian',
        name: 'libpython3.11-minimal',
        version: '3.11.2-6+deb12u1+b1',
        source: 'python3.11',
        sourceVersion: '3.11.2-6+deb12u1',
        arch: 'amd64',
        foundIn: '/var/lib/dpkg/status',
      },
    ]);
  });
});

describe('parsePythonMetadata', () => {
  it.each([
    [
      'Metadata-Version: 2.1\nName: Requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nBody: text',
      { name: 'Requests', source: 'requests', version: '2.31.0', license: 'Apache 2.0' },
    ],
    [
      'Metadata-Version: 2.4\nName: foo_bar\nVersion: 1.0\nLicense-Expression: MIT\nLicense: ignored\n',
      { name: 'foo_bar', source: 'foo-bar', version: '1.0', license: 'MIT' },
    ],
    ['Name: x\nVersion: 1\nLicense: UNKNOWN\n', { name: 'x', source: 'x', version: '1' }],
  ])('%j', (text, expected) => {
    expect(parsePythonMetadata(text, '/m')).toEqual({
      ecosystem: 'PyPI',
      sourceVersion: expected.version,
      foundIn: '/m',
      ...expected,
    });
  });

  it('skips metadata without a version', () => {
    expect(parsePythonMetadata('Name: x\n', '/m')).toBeUndefined();
  });
});

describe('parseOsRelease and packageURL', () => {
  const os = parseOsRelease(
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
  );

  it('reads the distribution', () => {
    expect(os).toEqual({ id: 'debian', versionId: '12', name: 'Debian GNU/Linux 12 (bookworm)' });
  });

  it.each([
    [
      parseDpkgStatus('Package: bash\nVersion: 1:5.2-2\nArchitecture: amd64\n', '/s')[0],
      'pkg:deb/debian/bash@1%3A5.2-2?arch=amd64&distro=debian-12',
    ],
    [
      parsePythonMetadata('Name: Foo_Bar\nVersion: 1.0+local\n', '/m'),
      'pkg:pypi/foo-bar@1.0%2Blocal',
    ],
  ])('purl %#', (pkg, purl) => {
    expect(pkg === undefined ? '' : packageURL(pkg, os)).toBe(purl);
  });
});
